package dev.sentrytriage.api;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.sentrytriage.incident.IllegalTransitionException;
import dev.sentrytriage.incident.IncidentNotFoundException;
import dev.sentrytriage.silence.SilenceNotFound;
import dev.sentrytriage.silence.SilenceReadOnly;
import dev.sentrytriage.silence.SilenceRejected;

/**
 * One small mapper per domain exception the API can meet; their messages are written for operators. Every answer is
 * {@code {"error": "..."}} typed as JSON, whatever the endpoint produces (the body endpoint produces bytes).
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);
    private static final String UNREADABLE = "request body is not the JSON object this endpoint expects";

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(IncidentNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(DeliveryNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(ResourceNotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(SilenceNotFound e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> badRequest(SilenceRejected e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> conflict(SilenceReadOnly e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> gone(BodyDroppedException e) {
        return error(Response.Status.GONE, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> conflict(IllegalTransitionException e) {
        return error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> badRequest(InvalidParameterException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    /**
     * A request body Jackson cannot read (not JSON, or not the shape asked for); the body is never repeated. Ahead
     * of the framework's own mappers for these types, which answer an empty body or Jackson's details.
     */
    @ServerExceptionMapper(value = { JacksonException.class, JsonParseException.class, MismatchedInputException.class },
            priority = Priorities.USER - 100)
    public RestResponse<ApiError> unreadable(JacksonException e) {
        return error(Response.Status.BAD_REQUEST, UNREADABLE);
    }

    /** Whether the framework refused the request because its body could not be read as JSON. */
    private static boolean unreadableJson(WebApplicationException e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof JacksonException) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the framework answers by itself under {@code /api} (no such path, method not allowed, unsupported
     * content type, unreadable body) gets the same JSON shape, with its status and headers kept. Elsewhere, and
     * when the answer already has a body, it is left as it is.
     */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        Response response = e.getResponse();
        if (!isApi(uri) || response.hasEntity()) {
            return response;
        }
        Response.StatusType status = response.getStatusInfo();
        String message = status.getStatusCode() == 400 && unreadableJson(e) ? UNREADABLE : message(status);
        Response.ResponseBuilder answer = Response.status(status).entity(new ApiError(message))
                .type(MediaType.APPLICATION_JSON_TYPE);
        response.getStringHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> answer.header(name, v));
            }
        });
        return answer.build();
    }

    /** The database cannot be reached (down, or no connection free in time): try again shortly, not a 500. */
    @ServerExceptionMapper
    public RestResponse<ApiError> unavailable(PersistenceException e) {
        if (!databaseUnreachable(e)) {
            LOG.errorf("API request failed: %s", e.getClass().getName());
            return error(Response.Status.INTERNAL_SERVER_ERROR, "internal error");
        }
        return RestResponse.ResponseBuilder.create(Response.Status.SERVICE_UNAVAILABLE, new ApiError("database unavailable"))
                .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "5").build();
    }

    private static RestResponse<ApiError> error(Response.Status status, String message) {
        return RestResponse.ResponseBuilder.create(status, new ApiError(message)).type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static boolean isApi(UriInfo uri) {
        String path = uri.getPath();
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static String message(Response.StatusType status) {
        return switch (status.getStatusCode()) {
            case 400 -> "bad request";
            case 404 -> "no such endpoint; see /q/openapi";
            case 405 -> "method not allowed";
            case 406 -> "this endpoint answers application/json (the body endpoint application/octet-stream)";
            case 415 -> "send the body as application/json";
            default -> status.getReasonPhrase() == null ? "request failed"
                    : status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && unreachableState(sql)) {
                return true;
            }
        }
        return false;
    }

    /** 08: connection exception; 57P01-03: the server is shutting down, crashed or starting; Agroal's pool timeout. */
    private static boolean unreachableState(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.startsWith("57P")
                || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout");
    }
}
