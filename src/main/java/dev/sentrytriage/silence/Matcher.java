package dev.sentrytriage.silence;

import java.util.Locale;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.sentrytriage.incident.Incident;
import dev.sentrytriage.incident.Risk;

/**
 * One condition on an incident, as in Alertmanager: a field, an operator ({@code =}, {@code !=}, {@code =~},
 * {@code !~}) and a value. A pattern (RE2 syntax, linear time) must match the whole field; an absent field is the
 * empty text. {@code risk} compares case-insensitively with a risk name.
 */
public record Matcher(Field field, Op op, String value, Pattern pattern) {

    /** Longest value accepted. */
    public static final int MAX_VALUE = 1000;

    /** The incident fields a matcher can look at. */
    public enum Field {
        PROJECT, ENVIRONMENT, SOURCE, LEVEL, RISK, TITLE, CULPRIT;

        String of(Incident i) {
            String v = switch (this) {
                case PROJECT -> i.project;
                case ENVIRONMENT -> i.environment;
                case SOURCE -> i.source;
                case LEVEL -> i.level;
                case RISK -> i.risk == null ? null : i.risk.name();
                case TITLE -> i.title;
                case CULPRIT -> i.culprit;
            };
            return v == null ? "" : v;
        }

        /** The name used in JSON and in {@code TRIAGE_MAINTENANCE}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The operators. */
    public enum Op {
        EQ("="), NE("!="), RE("=~"), NRE("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            return null;
        }
    }

    /** A checked matcher; {@link SilenceRejected} says what is wrong with the field, operator or value. */
    public static Matcher of(String field, String op, String value) {
        Field f = null;
        for (Field candidate : Field.values()) {
            if (candidate.key().equals(field == null ? "" : field.trim().toLowerCase(Locale.ROOT))) {
                f = candidate;
            }
        }
        if (f == null) {
            throw new SilenceRejected("matcher field '" + shown(field) + "' is not one of project, environment, "
                    + "source, level, risk, title, culprit");
        }
        Op o = Op.of(op == null ? "" : op.trim());
        if (o == null) {
            throw new SilenceRejected("matcher op '" + shown(op) + "' of " + f.key() + " is not one of =, !=, =~, !~");
        }
        if (value == null) {
            throw new SilenceRejected("matcher of " + f.key() + " has no value");
        }
        if (value.length() > MAX_VALUE || value.indexOf('\0') >= 0) {
            throw new SilenceRejected("matcher value of " + f.key() + " is longer than " + MAX_VALUE
                    + " characters or holds a NUL");
        }
        Pattern pattern = null;
        if (o == Op.RE || o == Op.NRE) {
            pattern = compile(value, "matcher of " + f.key());
        } else if (f == Field.RISK) {
            try {
                value = Risk.valueOf(value.trim().toUpperCase(Locale.ROOT)).name();
            } catch (IllegalArgumentException e) {
                throw new SilenceRejected("risk '" + shown(value) + "' is not one of LOW, MEDIUM, HIGH, CRITICAL");
            }
        }
        return new Matcher(f, o, value, pattern);
    }

    /** The pattern, or {@link SilenceRejected} naming {@code what} and RE2's reason. */
    public static Pattern compile(String regex, String what) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new SilenceRejected(what + ": '" + shown(regex) + "' is not a valid RE2 pattern ("
                    + e.getDescription() + ")");
        }
    }

    /** Whether the incident satisfies this matcher. */
    public boolean matches(Incident incident) {
        String v = field.of(incident);
        return switch (op) {
            case EQ -> field == Field.RISK ? v.equalsIgnoreCase(value) : v.equals(value);
            case NE -> field == Field.RISK ? !v.equalsIgnoreCase(value) : !v.equals(value);
            case RE -> pattern.matcher(v).matches();
            case NRE -> !pattern.matcher(v).matches();
        };
    }

    /** The matcher as written: {@code title=~Timeout.*}. */
    @Override
    public String toString() {
        return field.key() + op.symbol() + value;
    }

    static String shown(String value) {
        if (value == null) {
            return "";
        }
        String s = value.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
