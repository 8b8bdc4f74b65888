package dev.sentrytriage.ui;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.sentrytriage.incident.IllegalTransitionException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/**
 * The incident board: the list, one incident with its actions, the problem deliveries and their raw bodies. Signed-in
 * only ({@link UiGuard}); every form posts the session's CSRF token, checked here before anything changes.
 */
@Path("/")
@Blocking
public class BoardResource {

    /** Notices an action may leave on the incident page, by the code in its redirect. */
    private static final Map<String, String> NOTICES = Map.of(
            "acknowledge", "Acknowledged.", "mute", "Muted.", "resolve", "Resolved.", "reopen", "Reopened.",
            "conflict", "That action does not apply to the incident's current status; nothing was changed.");
    /** The mute durations offered, in order (the form values of {@link BoardService#MUTE_CHOICES}). */
    private static final List<String> MUTE_CHOICES = BoardService.MUTE_CHOICES.stream().map(Map.Entry::getKey).toList();

    @CheckedTemplate(basePath = "board")
    static class Templates {
        static native TemplateInstance incidents(BoardService.IncidentList list, Filters filters, String nextUrl,
                List<String> projects, List<String> sources, List<String> environments, Page page);

        static native TemplateInstance incident(IncidentDetail incident, String notice, List<String> muteChoices,
                Page page);

        static native TemplateInstance deliveries(BoardService.DeliveryList list, String nextUrl, Page page);
    }

    private final BoardService board;
    private final UiSessions sessions;
    private final UiRequest current;

    public BoardResource(BoardService board, UiSessions sessions, UiRequest current) {
        this.board = board;
        this.sessions = sessions;
        this.current = current;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String incidents(@QueryParam("status") String status, @QueryParam("risk") String risk,
            @QueryParam("project") String project, @QueryParam("source") String source,
            @QueryParam("environment") String environment, @QueryParam("q") String q,
            @QueryParam("cursor") String cursor) {
        Filters filters = Filters.of(status, risk, project, source, environment, q);
        BoardService.IncidentList list = board.list(filters.query(), cursor);
        return Templates.incidents(list, filters, list.next() == null ? null : filters.url(list.next()),
                board.distinct("project"), board.distinct("source"), board.distinct("environment"),
                page("Incidents")).render();
    }

    @GET
    @Path("incidents/{id}")
    @Produces(MediaType.TEXT_HTML)
    public String incident(@PathParam("id") long id, @QueryParam("done") String done) {
        IncidentDetail detail = board.detail(id);
        return Templates.incident(detail, done == null ? null : NOTICES.get(done), MUTE_CHOICES,
                page("#" + id + " " + detail.title())).render();
    }

    @POST
    @Path("incidents/{id}/{action: acknowledge|mute|resolve|reopen}")
    @Produces(MediaType.TEXT_HTML)
    public Response act(@PathParam("id") long id, @PathParam("action") String action, @FormParam("csrf") String csrf,
            @FormParam("duration") String duration) {
        requireCsrf(csrf);
        String done = action;
        try {
            board.act(id, action, duration, current.session().actor());
        } catch (IllegalTransitionException e) {
            done = "conflict";
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("choose one of the offered mute durations");
        }
        return Response.seeOther(URI.create("/incidents/" + id + "?done=" + done)).build();
    }

    @GET
    @Path("deliveries")
    @Produces(MediaType.TEXT_HTML)
    public String deliveries(@QueryParam("cursor") String cursor) {
        BoardService.DeliveryList list = board.problemDeliveries(cursor);
        return Templates.deliveries(list, list.next() == null ? null : "/deliveries?cursor=" + list.next(),
                page("Rejected and failed deliveries")).render();
    }

    /** The exact bytes of a delivery as plain text: never rendered as HTML, nothing in it runs. */
    @GET
    @Path("deliveries/{id}/body")
    public Response body(@PathParam("id") String id) {
        byte[] body = board.body(id);
        return Response.ok(body, MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .header("Content-Disposition", "inline; filename=\"delivery-" + safeName(id) + ".json.txt\"")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .build();
    }

    @POST
    @Path("signout")
    public Response signOut(@FormParam("csrf") String csrf) {
        requireCsrf(csrf);
        return Response.seeOther(URI.create("/signin?signedout=1")).cookie(SignInResource.expired()).build();
    }

    private void requireCsrf(String csrf) {
        if (!sessions.csrfMatches(current.session(), csrf)) {
            throw new ForbiddenException("missing or wrong CSRF token; reload the page and try again");
        }
    }

    private Page page(String title) {
        return new Page(title, current.session().who(), sessions.csrf(current.session()));
    }

    private static String safeName(String id) {
        return id.replaceAll("[^0-9a-fA-F-]", "");
    }
}
