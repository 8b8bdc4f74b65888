package dev.sentrytriage.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class OpenApiDocumentTest {

    @Test
    @SuppressWarnings("unchecked")
    void documentsEveryApiAndWebhookOperationWithAnExample() {
        Map<String, Map<String, Map<String, Object>>> paths = given().accept("application/json")
                .get("/q/openapi?format=json").then().statusCode(200).extract().path("paths");
        List<String> operations = new ArrayList<>();
        List<String> withoutExample = new ArrayList<>();
        paths.forEach((path, methods) -> {
            if (!path.startsWith("/api/") && !path.equals("/webhooks/{source}")) {
                return;
            }
            methods.forEach((method, operation) -> {
                operations.add(method + " " + path);
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
                boolean ok = responses.containsKey("204") // no body to exemplify
                        || responses.entrySet().stream().filter(r -> r.getKey().startsWith("2"))
                        .map(r -> (Map<String, Map<String, Object>>) r.getValue().get("content"))
                        .anyMatch(content -> content != null && content.values().stream()
                                .anyMatch(media -> media.get("examples") != null));
                if (!ok) {
                    withoutExample.add(method + " " + path);
                }
            });
        });
        assertEquals(13, operations.size(), operations.toString());
        assertEquals(List.of(), withoutExample);
        assertTrue(given().get("/q/swagger-ui/").then().statusCode(200).extract().asString().contains("swagger"));
    }
}
