package dev.sentrytriage.api;

/** How long to mute: {@code 30m}, {@code 2h}, {@code 1d}, {@code 1w} or ISO-8601 such as {@code PT2H}. */
public record MuteRequest(String duration) {
}
