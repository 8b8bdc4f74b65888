package dev.sentrytriage.writeback;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Sentry's "Update an Issue" at {@code triage.sentry.api-url}: {@code PUT /api/0/organizations/{org}/issues/{id}/},
 * token scope {@code event:write}. An answer other than 2xx becomes a {@link SentryWriteException}.
 */
@Path("/api/0")
@RegisterRestClient(configKey = "sentry-write")
public interface SentryIssueRestClient {

    @PUT
    @Path("/organizations/{org}/issues/{issueId}/")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    IssueAnswer update(@HeaderParam("Authorization") String authorization, @PathParam("org") String org,
            @PathParam("issueId") String issueId, IssueUpdate update);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return SentryWriteException.of(response);
    }

    /** The body: the new status, and for {@code ignored} how long or until when. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IssueUpdate(String status, String substatus, StatusDetails statusDetails) {
    }

    /** {@code ignoreDuration} in minutes; empty for archived until escalating. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatusDetails(Integer ignoreDuration) {
    }

    /** What of the issue Sentry answers is read: its id and status. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record IssueAnswer(String id, String status) {
    }

    /** Sentry's error body, {@code {"detail": "..."}}. */
    @RegisterForReflection // read by SentryWriteException from an error answer's text, where Quarkus does not see it
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorAnswer(Object detail) {
    }
}
