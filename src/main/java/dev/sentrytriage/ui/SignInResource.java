package dev.sentrytriage.ui;

import java.net.URI;
import java.time.Duration;

import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;

/**
 * Exchanges the board's password for a session cookie: HttpOnly, SameSite=Strict, Secure when the request came over
 * https (directly or as {@code X-Forwarded-Proto}), expiring with the session. Wrong passwords are throttled per
 * address ({@link SignInThrottle}).
 */
@Path("/signin")
public class SignInResource {

    @CheckedTemplate(basePath = "board")
    static class Templates {
        static native TemplateInstance signin(String next, String error, boolean signedOut, boolean development);
    }

    private final UiSessions sessions;
    private final SignInThrottle throttle;

    public SignInResource(UiSessions sessions, SignInThrottle throttle) {
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String form(@QueryParam("next") String next, @QueryParam("signedout") String signedOut) {
        return Templates.signin(safeNext(next), null, signedOut != null, sessions.developmentPassword()).render();
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(@FormParam("password") String password, @FormParam("name") String name,
            @FormParam("next") String next, @HeaderParam("X-Forwarded-Proto") String forwardedProto,
            @Context UriInfo uri, @Context HttpServerRequest request) {
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String target = safeNext(next);
        Duration locked = throttle.lockedFor(address);
        if (locked != null) {
            long minutes = Math.max(1, (locked.getSeconds() + 59) / 60);
            return page(429, target, "Too many wrong passwords from your address; try again in " + minutes
                    + " min.");
        }
        if (!sessions.passwordMatches(password)) {
            throttle.failed(address);
            return page(401, target, "Wrong password.");
        }
        throttle.succeeded(address);
        boolean https = "https".equalsIgnoreCase(uri.getRequestUri().getScheme())
                || forwardedProto != null && "https".equalsIgnoreCase(forwardedProto.split(",")[0].trim());
        NewCookie cookie = new NewCookie.Builder(UiSessions.COOKIE).value(sessions.open(name)).path("/")
                .maxAge((int) sessions.lifetime().getSeconds()).httpOnly(true).secure(https)
                .sameSite(NewCookie.SameSite.STRICT).build();
        return Response.seeOther(URI.create(target)).cookie(cookie).build();
    }

    /** A cookie that removes the session cookie. */
    static NewCookie expired() {
        return new NewCookie.Builder(UiSessions.COOKIE).value("").path("/").maxAge(0).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    private Response page(int status, String next, String error) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.signin(next, error, false, sessions.developmentPassword()).render()).build();
    }

    /** Where to go after signing in: a path of this site only, never another host ({@code //evil}, {@code /\evil}). */
    static String safeNext(String next) {
        if (next == null || next.isEmpty() || next.length() > 1000 || next.charAt(0) != '/' || next.startsWith("//")
                || next.indexOf('\\') >= 0 || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        return next;
    }
}
