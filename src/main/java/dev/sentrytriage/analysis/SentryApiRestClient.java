package dev.sentrytriage.analysis;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import dev.sentrytriage.config.PeerClientConfigSource;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;

/**
 * Sentry's API at {@code triage.sentry.api-url}: the latest event of an issue, bounded by
 * {@code triage.analyzer.enrich-timeout} ({@link PeerClientConfigSource}). An answer other than 2xx becomes a
 * {@link PeerException}.
 */
@Path("/api/0")
@RegisterRestClient(configKey = PeerClientConfigSource.SENTRY_API)
public interface SentryApiRestClient {

    @GET
    @Path("/issues/{issueId}/events/latest/")
    @Produces(MediaType.APPLICATION_JSON)
    LatestEvent latestEvent(@HeaderParam("Authorization") String authorization, @PathParam("issueId") String issueId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return PeerErrors.fromResponse(response);
    }

    /** What is read of the event: where it happened, its entries (exception, message) and tags. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LatestEvent(String eventID, String culprit, String platform, String message, Release release,
            List<Entry> entries, List<EventTag> tags) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Release(String version) {
    }

    /** A tag as the API gives it, {@code {"key", "value"}} (webhooks give pairs). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record EventTag(String key, String value) {
    }

    /** One entry: {@code exception} (its {@code values}) and {@code message} (its {@code formatted}) are read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String type, EntryData data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record EntryData(List<ExceptionValue> values, String formatted) {

        static final EntryData NONE = new EntryData(null, null);

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public EntryData {
        }

        /** An entry whose data is a list (a transaction's {@code spans}) has nothing this reads. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static EntryData ofList(List<Object> data) {
            return NONE;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ExceptionValue(String type, String value, Stacktrace stacktrace) {
    }

    /** The frames stay a tree: {@code SentryFrames} reads webhook and API frames alike. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stacktrace(JsonNode frames) {
    }
}
