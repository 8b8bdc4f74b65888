package dev.sentrytriage.incident;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One stack frame as Sentry reports it, with the source lines around it when Sentry has them. */
@RegisterForReflection // serialized into the incident's stored context by our own ObjectMapper
public record Frame(String filename, String function, String module, Integer lineno, Integer colno, boolean inApp,
        String contextLine, List<String> preContext, List<String> postContext) {

    /** A short {@code function (file:line)} form for messages and prompts. */
    public String location() {
        StringBuilder sb = new StringBuilder();
        sb.append(function != null ? function : (module != null ? module : "?"));
        String file = filename != null ? filename : module;
        if (file != null) {
            sb.append(" (").append(file);
            if (lineno != null) {
                sb.append(':').append(lineno);
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
