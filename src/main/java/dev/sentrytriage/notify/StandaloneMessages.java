package dev.sentrytriage.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.notify.ChatRouter.Destination;
import dev.sentrytriage.notify.TelegramMessages.Snapshot;
import dev.sentrytriage.text.ShortDuration;

/**
 * What a reminder or an escalation says and where it goes. A reminder is a short new message that replies to the
 * episode's message (a new message notifies; an edit does not); an escalation is the whole message, led by why, in
 * the escalation chat. Neither becomes the episode's message: later edits still change the original. Once someone has
 * acted (acknowledged, muted, resolved), a reminder or escalation still waiting has nothing to say.
 */
@ApplicationScoped
public class StandaloneMessages {

    private final MessageRenderer renderer;
    private final ChatRouter router;

    public StandaloneMessages(MessageRenderer renderer, ChatRouter router) {
        this.renderer = renderer;
        this.router = router;
    }

    /** One message to send: its text, chat and topic, and the message it replies to (null: none). */
    public record Plan(RenderedMessage message, String chatId, Integer threadId, Long replyTo) {
    }

    /** The message of a {@code kind} row for the incident in {@code snap}; null when it is no longer needed. */
    public Plan plan(NotificationKind kind, Snapshot snap, Map<String, String> migrations, Instant now) {
        Incident incident = snap.incident();
        if (incident.status != IncidentStatus.OPEN) {
            return null;
        }
        String open = ShortDuration.of(openFor(incident, now));
        if (kind == NotificationKind.ESCALATION) {
            RenderedMessage message = renderer.render(incident, snap.recurrence(), snap.changes(),
                    "⏫ Escalation: open for " + open + ", nobody has acted");
            return new Plan(message, router.escalationChat(migrations), null, null);
        }
        RenderedMessage message = renderer.brief(incident, "⏰ Reminder: open for " + open + ", nobody has acted yet");
        if (snap.current() == null) {
            Destination destination = router.route(incident, migrations);
            return new Plan(message, destination.chatId(), destination.threadId(), null);
        }
        return new Plan(message, migrations.getOrDefault(snap.current().chatId(), snap.current().chatId()),
                snap.current().threadId(), snap.current().messageId());
    }

    private static Duration openFor(Incident incident, Instant now) {
        Instant since = incident.statusChangedAt != null ? incident.statusChangedAt : incident.firstSeen;
        return since == null ? Duration.ZERO : Duration.between(since, now).truncatedTo(ChronoUnit.MINUTES);
    }
}
