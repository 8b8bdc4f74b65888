package dev.sentrytriage.api;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;

import org.hibernate.exception.JDBCConnectionException;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.sentrytriage.incident.IllegalTransitionException;
import dev.sentrytriage.incident.IncidentNotFoundException;

/** One small mapper per domain exception the API can meet; their messages are written for operators. */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(IncidentNotFoundException e) {
        return RestResponse.status(Response.Status.NOT_FOUND, new ApiError(e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> notFound(DeliveryNotFoundException e) {
        return RestResponse.status(Response.Status.NOT_FOUND, new ApiError(e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> conflict(IllegalTransitionException e) {
        return RestResponse.status(Response.Status.CONFLICT, new ApiError(e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> badRequest(InvalidParameterException e) {
        return RestResponse.status(Response.Status.BAD_REQUEST, new ApiError(e.getMessage()));
    }

    /** The database cannot be reached (down, or no connection free in time): try again shortly, not a 500. */
    @ServerExceptionMapper
    public RestResponse<ApiError> unavailable(PersistenceException e) {
        if (!databaseUnreachable(e)) {
            return RestResponse.status(Response.Status.INTERNAL_SERVER_ERROR, new ApiError("internal error"));
        }
        return RestResponse.ResponseBuilder.create(Response.Status.SERVICE_UNAVAILABLE, new ApiError("database unavailable"))
                .header("Retry-After", "5").build();
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
