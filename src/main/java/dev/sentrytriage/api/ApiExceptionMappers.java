package dev.sentrytriage.api;

import jakarta.ws.rs.core.Response;

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
}
