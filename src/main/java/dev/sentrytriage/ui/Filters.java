package dev.sentrytriage.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

import dev.sentrytriage.incident.IncidentQuery;
import dev.sentrytriage.incident.IncidentStatus;
import dev.sentrytriage.incident.Risk;
import dev.sentrytriage.text.StoredText;

/**
 * The list's filters as the form sent them: one status, one risk (or none), project, source, environment and text.
 * Unknown values are ignored rather than refused: they come from a form with fixed choices or an edited link.
 */
public record Filters(String status, String risk, String project, String source, String environment, String q) {

    /** One choice of a select, and whether it is the one in use. */
    public record Choice(String value, String label, boolean selected) {
    }

    static Filters of(String status, String risk, String project, String source, String environment, String q) {
        return new Filters(known(status, IncidentStatus.class), known(risk, Risk.class), clean(project), clean(source),
                clean(environment), clean(q));
    }

    /** The search these filters stand for. */
    IncidentQuery.Filter query() {
        Set<IncidentStatus> statuses = status.isEmpty() ? EnumSet.noneOf(IncidentStatus.class)
                : EnumSet.of(IncidentStatus.valueOf(status));
        Set<Risk> risks = risk.isEmpty() ? EnumSet.noneOf(Risk.class) : EnumSet.of(Risk.valueOf(risk));
        return new IncidentQuery.Filter(statuses, risks, project, source, environment, q);
    }

    public List<Choice> statuses() {
        return choices(IncidentStatus.class, status);
    }

    public List<Choice> risks() {
        return choices(Risk.class, risk);
    }

    /** Whether any filter is set. */
    public boolean active() {
        return !(status + risk + project + source + environment + q).isEmpty();
    }

    /** The list URL with these filters and {@code cursor}. */
    String url(String cursor) {
        StringJoiner query = new StringJoiner("&", "/?", "").setEmptyValue("/");
        param(query, "status", status);
        param(query, "risk", risk);
        param(query, "project", project);
        param(query, "source", source);
        param(query, "environment", environment);
        param(query, "q", q);
        param(query, "cursor", cursor);
        return query.toString();
    }

    private static void param(StringJoiner query, String name, String value) {
        if (value != null && !value.isEmpty()) {
            query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static <E extends Enum<E>> List<Choice> choices(Class<E> type, String selected) {
        return Arrays.stream(type.getEnumConstants())
                .map(e -> new Choice(e.name(), BoardService.label(e), e.name().equals(selected))).toList();
    }

    private static <E extends Enum<E>> String known(String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String wanted = value.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).anyMatch(e -> e.name().equals(wanted)) ? wanted : "";
    }

    /** Trimmed, at most 200 characters, without what PostgreSQL cannot compare (NUL, a lone surrogate). */
    private static String clean(String value) {
        String cleaned = value == null ? null : StoredText.clean(value.trim(), 200);
        return cleaned == null ? "" : cleaned;
    }
}
