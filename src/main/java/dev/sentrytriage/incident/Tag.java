package dev.sentrytriage.incident;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One Sentry tag. */
@RegisterForReflection // serialized into the incident's stored context by our own ObjectMapper
public record Tag(String key, String value) {
}
