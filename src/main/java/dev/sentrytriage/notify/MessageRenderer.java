package dev.sentrytriage.notify;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.sentrytriage.change.ChangeEvent;
import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.incident.Frame;
import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Recurrence;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.incident.SourceLink;
import dev.sentrytriage.notify.TelegramRestClient.Button;
import dev.sentrytriage.privacy.Scrubber;
import dev.sentrytriage.text.SafeUrl;

/**
 * Renders an incident as one Telegram message: risk, level, project, title, culprit, environment, release, counts over
 * 1 h / 24 h / 7 d, status, the analysis, the top stack frames and the incident id, with its buttons. Every outside
 * string is scrubbed (unless {@code triage.telegram.scrub} is false) and escaped; the visible text stays within 4096
 * characters by dropping stack frames first, then shortening
 * the analysis.
 */
@ApplicationScoped
public class MessageRenderer {

    /** Telegram's limit on a message's visible text. */
    public static final int MAX_VISIBLE = 4096;

    private static final Duration DEFAULT_MUTE = Duration.ofHours(24);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    // caps on single outside strings, so the fixed part of a message can never pass the limit on its own
    private static final int TITLE_MAX = 512;
    private static final int SHORT_MAX = 128;
    private static final int CULPRIT_MAX = 300;
    private static final int FRAME_MAX = 200;
    private static final int ANALYSIS_MAX = 2000;
    private static final int ANALYSIS_MIN = 40;
    private static final int CHANGE_MAX = 120;
    private static final int CHANGES_MAX = 600;
    private static final DateTimeFormatter CHANGE_TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Passes every outside text through this before it is shortened and escaped. */
    private final UnaryOperator<String> clean;
    /** The board's base URL without a trailing slash, or null: then no "Open incident" button. */
    private final String boardUrl;
    /** How long the mute button mutes, named on its label. */
    private final Duration muteFor;

    /**
     * Scrubs every outside text with {@code scrubber} unless {@code triage.telegram.scrub} is false; links to the
     * board when {@code triage.public-url} is set.
     */
    @Inject
    public MessageRenderer(Scrubber scrubber, TriageConfig config) {
        this(config.telegram().scrub() ? scrubber::scrub : UnaryOperator.identity(),
                config.publicUrl().map(URI::toString).orElse(null), config.telegram().muteFor());
    }

    /** A renderer that passes outside text through {@code clean}, without the board's link. */
    MessageRenderer(UnaryOperator<String> clean) {
        this(clean, null, DEFAULT_MUTE);
    }

    /** A renderer whose messages link to the board at {@code publicUrl} (null: no link); text is not scrubbed. */
    MessageRenderer(String publicUrl) {
        this(UnaryOperator.identity(), publicUrl, DEFAULT_MUTE);
    }

    /** A renderer that scrubs nothing and links to no board. */
    MessageRenderer() {
        this(UnaryOperator.identity(), null, DEFAULT_MUTE);
    }

    /** A renderer that scrubs nothing, links to no board, and whose mute button mutes for {@code muteFor}. */
    MessageRenderer(Duration muteFor) {
        this(UnaryOperator.identity(), null, muteFor);
    }

    private MessageRenderer(UnaryOperator<String> clean, String publicUrl, Duration muteFor) {
        this.clean = clean;
        this.boardUrl = publicUrl == null ? null : publicUrl.trim().replaceAll("/+$", "");
        this.muteFor = muteFor;
    }

    /** The message for {@code incident} as it is now, with its counts over 1 h / 24 h / 7 d. */
    public RenderedMessage render(Incident incident, Recurrence recurrence) {
        return render(incident, recurrence, List.of());
    }

    /**
     * The message for {@code incident} as it is now, with its counts over 1 h / 24 h / 7 d and, on one line, the
     * changes of its project in the hour before it opened (most recent first).
     */
    public RenderedMessage render(Incident incident, Recurrence recurrence, List<ChangeEvent> changes) {
        return render(incident, recurrence, changes, null);
    }

    /** The whole message as {@link #render(Incident, Recurrence, List)} makes it, led by {@code lead} (our own text). */
    RenderedMessage render(Incident incident, Recurrence recurrence, List<ChangeEvent> changes, String lead) {
        HtmlText header = new HtmlText();
        if (lead != null) {
            header.tagged("b", lead).newline();
        }
        header.append(header(incident, recurrence));
        changes(header, changes);
        HtmlText footer = footer(incident);
        List<String> frames = frames(incident);
        String rootCause = HtmlText.shorten(clean(incident.rootCause), ANALYSIS_MAX);
        String fix = HtmlText.shorten(clean(incident.fixSuggestion), ANALYSIS_MAX);

        // 1. drop stack frames, innermost last, until the message fits (or none is left)
        HtmlText message = compose(header, analysis(incident, rootCause, fix), stack(frames), footer);
        while (message.visibleLength() > MAX_VISIBLE && !frames.isEmpty()) {
            frames = frames.subList(0, frames.size() - 1);
            message = compose(header, analysis(incident, rootCause, fix), stack(frames), footer);
        }
        // 2. then shorten the analysis to what is left, both parts alike; drop it when too little would remain
        int over = message.visibleLength() - MAX_VISIBLE;
        if (over > 0) {
            int rc = rootCause == null ? 0 : rootCause.length();
            int fx = fix == null ? 0 : fix.length();
            int keep = rc + fx - over;
            if (keep >= 2 * ANALYSIS_MIN) {
                int rcKeep = (int) ((long) keep * rc / (rc + fx));
                rootCause = HtmlText.shorten(rootCause, rcKeep);
                fix = HtmlText.shorten(fix, keep - rcKeep);
                message = compose(header, analysis(incident, rootCause, fix), stack(frames), footer);
            }
            if (message.visibleLength() > MAX_VISIBLE) {
                message = compose(header, null, stack(frames), footer);
            }
        }
        return new RenderedMessage(message.html(), message.plain(), keyboard(incident));
    }

    /**
     * A short message that points back at the incident: {@code lead} (our own text), the risk, project and title, the
     * incident id, and the buttons.
     */
    RenderedMessage brief(Incident i, String lead) {
        Risk risk = i.risk == null ? Risk.MEDIUM : i.risk;
        HtmlText m = new HtmlText().tagged("b", lead).newline();
        m.text(icon(risk) + " ").tagged("b", risk.name()).text(" · ").tagged("code", HtmlText.shorten(i.project, SHORT_MAX))
                .newline().tagged("b", HtmlText.shorten(clean(i.title), TITLE_MAX)).newline();
        status(m, i);
        m.append(footer(i));
        return new RenderedMessage(m.html(), m.plain(), keyboard(i));
    }

    private static HtmlText compose(HtmlText header, HtmlText analysis, HtmlText stack, HtmlText footer) {
        HtmlText all = new HtmlText().append(header);
        if (analysis != null) {
            all.newline().append(analysis);
        }
        if (stack != null) {
            all.newline().append(stack);
        }
        return all.newline().append(footer);
    }

    private String clean(String text) {
        return text == null || text.isEmpty() ? text : clean.apply(text);
    }

    private HtmlText header(Incident i, Recurrence r) {
        HtmlText h = new HtmlText();
        Risk risk = i.risk == null ? Risk.MEDIUM : i.risk;
        h.text(icon(risk) + " ").tagged("b", risk.name());
        if (i.level != null) {
            h.text(" · " + HtmlText.shorten(i.level, 20));
        }
        h.text(" · ").tagged("code", HtmlText.shorten(i.project, SHORT_MAX));
        if (i.regressions > 0) {
            h.text(" · regression #" + i.regressions);
        }
        h.newline().tagged("b", HtmlText.shorten(clean(i.title), TITLE_MAX)).newline();
        if (i.culprit != null && !i.culprit.isBlank()) {
            h.tagged("code", HtmlText.shorten(clean(i.culprit), CULPRIT_MAX)).newline();
        }
        h.text("env ").text(orDash(HtmlText.shorten(clean(i.environment), SHORT_MAX)))
                .text(" · release ").text(orDash(HtmlText.shorten(clean(i.release), SHORT_MAX))).newline();
        h.text("seen " + r.lastHour() + " in 1 h · " + r.lastDay() + " in 24 h · " + r.lastWeek() + " in 7 d")
                .text(" (" + i.occurrences + " total)").newline();
        status(h, i);
        String sync = SentrySyncLine.of(i);
        if (sync != null) {
            h.text(sync).newline();
        }
        return h;
    }

    private void changes(HtmlText h, List<ChangeEvent> changes) {
        if (changes == null || changes.isEmpty()) {
            return;
        }
        List<String> items = new ArrayList<>();
        for (ChangeEvent c : changes) {
            items.add(HtmlText.shorten(clean.apply(c.title()), CHANGE_MAX) + " (" + HtmlText.shorten(c.source(), 40)
                    + (c.at() == null ? "" : ", " + CHANGE_TIME.format(c.at())) + ")");
        }
        h.text("🔀 changes before: ").text(HtmlText.shorten(String.join(" · ", items), CHANGES_MAX)).newline();
    }

    private static void status(HtmlText h, Incident i) {
        String who = HtmlText.shorten(i.statusChangedBy, 64);
        String when = i.statusChangedAt == null ? "" : " at " + TIME.format(i.statusChangedAt);
        switch (i.status == null ? IncidentStatus.OPEN : i.status) {
            case OPEN -> h.text("status open");
            case ACKNOWLEDGED -> h.text("👀 ").tagged("b", "Acknowledged").text(" by ").text(orDash(who)).text(when);
            case MUTED -> h.text("🔕 ").tagged("b", "Muted").text(until(i.mutedUntil)).text(" by ").text(orDash(who))
                    .text(when);
            case RESOLVED -> h.text("✅ ").tagged("b", "Resolved").text(" by ").text(orDash(who)).text(when);
        }
        h.newline();
    }

    private static String until(Instant mutedUntil) {
        return mutedUntil == null ? "" : " until " + TIME.format(mutedUntil);
    }

    private static HtmlText analysis(Incident i, String rootCause, String fix) {
        if (rootCause == null && fix == null) {
            return i.analysisDueAt != null ? new HtmlText().text("🧠 analysis pending").newline() : null;
        }
        HtmlText a = new HtmlText().text("🧠 ").tagged("b", "Analysis");
        List<String> meta = new ArrayList<>();
        if (i.confidence != null) {
            meta.add(Math.round(Math.max(0, Math.min(1, i.confidence)) * 100) + "% confidence");
        }
        if (i.analyzedBy != null) {
            meta.add("by " + HtmlText.shorten(i.analyzedBy, 60));
        }
        if (!meta.isEmpty()) {
            a.text(" (" + String.join(", ", meta) + ")");
        }
        a.newline();
        if (rootCause != null && !rootCause.isEmpty()) {
            a.tagged("b", "Root cause: ").text(rootCause).newline();
        }
        if (fix != null && !fix.isEmpty()) {
            a.tagged("b", "Fix: ").text(fix).newline();
        }
        return a;
    }

    private static HtmlText stack(List<String> frames) {
        if (frames.isEmpty()) {
            return null;
        }
        return new HtmlText().tagged("b", "Stack").newline().tagged("pre", String.join("\n", frames)).newline();
    }

    private static HtmlText footer(Incident i) {
        HtmlText f = new HtmlText().text("incident #" + i.id);
        if (i.shortId != null) {
            f.text(" · ").text(HtmlText.shorten(i.shortId, SHORT_MAX));
        }
        return f;
    }

    private List<String> frames(Incident i) {
        if (i.context == null || !i.context.hasFrames()) {
            return List.of();
        }
        return i.context.frames().stream().map(Frame::location).map(s -> HtmlText.shorten(clean(s), FRAME_MAX)).toList();
    }

    private List<List<Button>> keyboard(Incident i) {
        List<List<Button>> rows = new ArrayList<>();
        List<Button> links = new ArrayList<>();
        String url = SafeUrl.http(i.sentryUrl);
        if (url != null) {
            links.add(Button.link(SourceLink.of(i.source).label(), url));
        }
        String pr = SafeUrl.http(i.seerPrUrl);
        if (pr != null) {
            links.add(Button.link("Seer PR", pr));
        }
        String board = boardUrl == null ? null : SafeUrl.http(boardUrl + "/incidents/" + i.id);
        if (board != null) {
            links.add(Button.link("Open incident", board));
        }
        if (!links.isEmpty()) {
            rows.add(links);
        }
        List<Button> actions = new ArrayList<>();
        for (CallbackAction action : actions(i.status)) {
            actions.add(Button.callback(action.label(muteFor), action.data(i.id)));
        }
        rows.add(actions);
        return rows;
    }

    /** The buttons an incident in {@code status} offers: what can be done to it now. */
    static List<CallbackAction> actions(IncidentStatus status) {
        return switch (status == null ? IncidentStatus.OPEN : status) {
            case OPEN, ACKNOWLEDGED -> List.of(CallbackAction.ACKNOWLEDGE, CallbackAction.MUTE, CallbackAction.RESOLVE);
            case MUTED -> List.of(CallbackAction.ACKNOWLEDGE, CallbackAction.UNMUTE, CallbackAction.RESOLVE);
            case RESOLVED -> List.of(CallbackAction.REOPEN);
        };
    }

    private static String icon(Risk risk) {
        return switch (risk) {
            case CRITICAL -> "🔴";
            case HIGH -> "🟠";
            case MEDIUM -> "🟡";
            case LOW -> "🔵";
        };
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
