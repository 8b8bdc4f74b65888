package dev.sentrytriage.ui;

import java.net.URI;
import java.util.Optional;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Guards the board's pages: none exists without a password configured (404 saying how to turn it on), none is shown
 * without a valid session (redirect to {@code /signin}), and every answer carries the security headers.
 */
public class UiGuard {

    static final String DISABLED = "UI disabled: set TRIAGE_UI_PASSWORD (or TRIAGE_API_TOKEN) to use the incident board.";

    private final UiSessions sessions;
    private final UiRequest current;

    public UiGuard(UiSessions sessions, UiRequest current) {
        this.sessions = sessions;
        this.current = current;
    }

    /** Whether a path belongs to the board (and not to the API, the webhooks or /q). */
    static boolean isBoard(String path) {
        return path.equals("/") || path.equals("/signin") || path.equals("/signout") || path.equals("/incidents")
                || path.startsWith("/incidents/") || path.equals("/deliveries") || path.startsWith("/deliveries/");
    }

    @ServerRequestFilter
    public Optional<Response> guard(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!isBoard(path)) {
            return Optional.empty();
        }
        if (!sessions.enabled()) {
            return Optional.of(Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                    .entity(DISABLED).build());
        }
        if (path.equals("/signin")) {
            return Optional.empty();
        }
        Cookie cookie = request.getCookies().get(UiSessions.COOKIE);
        UiSessions.Session session = sessions.verify(cookie == null ? null : cookie.getValue());
        if (session == null) {
            URI target = UriBuilder.fromPath("/signin").build();
            if (HttpMethod.GET.equals(request.getMethod()) && !path.equals("/signout")) {
                String query = request.getUriInfo().getRequestUri().getRawQuery();
                target = UriBuilder.fromPath("/signin").queryParam("next", path + (query == null ? "" : "?" + query))
                        .build();
            }
            return Optional.of(Response.seeOther(target).build());
        }
        current.session(session);
        return Optional.empty();
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (!isBoard(request.getUriInfo().getPath())) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        if (!headers.containsKey("Content-Security-Policy")) { // a raw body sets its own, stricter one
            headers.putSingle("Content-Security-Policy",
                    "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        }
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "same-origin");
        headers.putSingle("Cache-Control", "no-store");
    }
}
