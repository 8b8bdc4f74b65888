package dev.sentrytriage.analysis;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns an analyzer's answer into an {@link Analysis}. The answer is untrusted: JSON may come wrapped in code fences
 * or prose, be cut off, or not be JSON at all. A cut-off answer keeps the fields that arrived complete, with a lowered
 * confidence; an answer without a root cause is refused.
 */
final class AnswerParser {

    private static final Pattern FENCE = Pattern.compile("```(?:json|JSON)?\\s*\\n?(.*?)\\n?\\s*```", Pattern.DOTALL);
    private static final Pattern COMPLETE_FIELD = Pattern.compile(
            "\"(root_cause|rootCause|impact|fix_suggestion|fixSuggestion|fix|prevention)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    static final double PARTIAL_CONFIDENCE_CAP = 0.3;

    private final ObjectMapper mapper;

    AnswerParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The analysis in {@code content}; throws {@link PeerException} of kind INVALID_ANSWER when there is none. */
    Analysis parse(String content, boolean cutOff, String analyzedBy) {
        if (content == null || content.isBlank()) {
            throw invalid(cutOff ? "answer cut off" : "empty answer");
        }
        JsonNode json = readObject(content);
        if (json != null) {
            return fromJson(json, analyzedBy);
        }
        if (cutOff) {
            return salvage(content, analyzedBy);
        }
        throw invalid("answer not JSON");
    }

    /** The analysis in a JSON object with the contract's keys (snake case, camel case tolerated). */
    Analysis fromJson(JsonNode json, String analyzedBy) {
        Analysis a = Analysis.of(text(json, "root_cause", "rootCause"), text(json, "impact", null),
                text(json, "fix_suggestion", "fixSuggestion"), text(json, "prevention", null),
                confidence(json.get("confidence")), analyzedBy);
        if (a.rootCause() == null) {
            throw invalid("answer without root_cause");
        }
        return a;
    }

    private JsonNode readObject(String content) {
        String s = content.strip();
        Matcher fence = FENCE.matcher(s);
        if (fence.find()) {
            s = fence.group(1).strip();
        }
        int start = s.indexOf('{');
        int end = s.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(s.substring(start, end + 1));
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private Analysis salvage(String content, String analyzedBy) {
        Matcher m = COMPLETE_FIELD.matcher(content);
        String rootCause = null, impact = null, fix = null, prevention = null;
        while (m.find()) {
            String value = unescape(m.group(2));
            switch (m.group(1)) {
                case "root_cause", "rootCause" -> rootCause = value;
                case "impact" -> impact = value;
                case "fix_suggestion", "fixSuggestion", "fix" -> fix = value;
                default -> prevention = value;
            }
        }
        if (rootCause == null) {
            throw invalid("answer cut off");
        }
        Matcher c = Pattern.compile("\"confidence\"\\s*:\\s*([0-9.]+)").matcher(content);
        double confidence = c.find() ? parseDouble(c.group(1), PARTIAL_CONFIDENCE_CAP) : PARTIAL_CONFIDENCE_CAP;
        return Analysis.of(rootCause, impact, fix, prevention, Math.min(confidence, PARTIAL_CONFIDENCE_CAP),
                analyzedBy + " (answer cut off)");
    }

    private String unescape(String jsonString) {
        try {
            return mapper.readValue("\"" + jsonString + "\"", String.class);
        } catch (Exception e) {
            return jsonString;
        }
    }

    private static String text(JsonNode json, String name, String alternative) {
        JsonNode n = json.get(name);
        if ((n == null || n.isNull()) && alternative != null) {
            n = json.get(alternative);
        }
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isArray()) { // some models answer a list of steps
            StringBuilder sb = new StringBuilder();
            n.forEach(item -> sb.append(sb.length() > 0 ? "\n" : "").append("- ").append(item.asText()));
            return sb.toString();
        }
        return n.isContainerNode() ? n.toString() : n.asText();
    }

    /** A number, a numeric string, a percentage string or a word (low, medium, high). */
    static Double confidence(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        String s = n.asText().strip().toLowerCase(Locale.ROOT);
        if (s.endsWith("%")) {
            Double pct = parseDouble(s.substring(0, s.length() - 1).strip(), null);
            return pct == null ? null : pct / 100;
        }
        return switch (s) {
            case "high" -> 0.8;
            case "medium" -> 0.5;
            case "low" -> 0.2;
            default -> parseDouble(s, null);
        };
    }

    private static Double parseDouble(String s, Double fallback) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static PeerException invalid(String reason) {
        return PeerException.of(PeerException.Kind.INVALID_ANSWER, reason);
    }
}
