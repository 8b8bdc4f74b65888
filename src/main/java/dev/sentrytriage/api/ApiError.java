package dev.sentrytriage.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of every API error: one sentence for a human, never a class name or a stack trace. */
@RegisterForReflection // built in filters and exception mappers, whose entity types Quarkus does not scan
public record ApiError(String error) {
}
