package dev.sentrytriage.api;

import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.sentrytriage.config.TriageConfig;
import dev.sentrytriage.text.Sha256;

/**
 * Guards everything under {@code /api} with the bearer token {@code TRIAGE_API_TOKEN}. Fail-closed: without a
 * configured token every request is refused. The comparison runs over SHA-256 digests of both sides with
 * {@link MessageDigest#isEqual}, so neither the content nor the length of the token leaks through timing.
 */
@ApplicationScoped
public class ApiTokenFilter {

    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    public ApiTokenFilter(TriageConfig config) {
        this.expected = config.api().token().map(String::trim).filter(t -> !t.isEmpty()).map(Sha256::of)
                .orElse(null);
    }

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            return Optional.empty();
        }
        if (expected == null) {
            return Optional.of(refuse("API disabled: no TRIAGE_API_TOKEN configured"));
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(refuse("bearer token required"));
        }
        byte[] presented = Sha256.of(header.substring(BEARER.length()).trim());
        if (!MessageDigest.isEqual(presented, expected)) {
            return Optional.of(refuse("invalid token"));
        }
        return Optional.empty();
    }

    private static Response refuse(String message) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sentry-triage\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(message))
                .build();
    }
}
