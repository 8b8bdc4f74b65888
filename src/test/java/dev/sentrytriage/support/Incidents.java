package dev.sentrytriage.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.specification.RequestSpecification;

/** Creates incidents the way production does (a signed webhook, then the worker) and calls the API as an operator. */
public final class Incidents {

    /** The API token of the test profile. */
    public static final String API_TOKEN = "test-api-token-current";

    private Incidents() {
    }

    /** Posts an {@code issue.created} delivery for this project, issue id and level; the caller drains the worker. */
    public static void postIssue(String project, String issueId, String level) {
        ObjectNode tree = SentryFixtures.tree("issue.created");
        ObjectNode issue = (ObjectNode) tree.path("data").path("issue");
        issue.put("id", issueId);
        issue.put("level", level);
        ((ObjectNode) issue.path("project")).put("slug", project);
        Webhooks.post("issue", SentryFixtures.bytes(tree)).statusCode(202);
    }

    /** A request carrying the operator's bearer token. */
    public static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + API_TOKEN);
    }
}
