package dev.sentrytriage.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

import dev.sentrytriage.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)
class OpenApiDocumentTest {

    @Test
    @SuppressWarnings("unchecked")
    void documentsEveryApiAndWebhookOperationWithAnExample() throws Exception {
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
        assertEquals(declaredOperations(), new java.util.TreeSet<>(operations), "every declared operation, no other");
        assertEquals(List.of(), withoutExample);
        assertTrue(given().get("/q/swagger-ui/").then().statusCode(200).extract().asString().contains("swagger"));
    }

    /**
     * The operations the resource classes declare under {@code /api/} and {@code /webhooks/{source}}: every public
     * method with an HTTP method annotation in a class with {@code @Path}, found by reading our compiled classes, so
     * an operation added (or removed) needs no count edited here.
     */
    private static SortedSet<String> declaredOperations() throws IOException, URISyntaxException {
        Path root = Path.of(OpenApiDocumentTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolveSibling("classes");
        SortedSet<String> operations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root.resolve("dev/sentrytriage"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null || type.isInterface()) {
                    continue; // REST clients are interfaces
                }
                for (Method m : type.getMethods()) {
                    String verb = httpMethod(m);
                    Operation op = m.getAnnotation(Operation.class);
                    if (verb == null || op != null && op.hidden()) {
                        continue;
                    }
                    jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = (base.value() + (sub == null ? "" : "/" + sub.value()))
                            .replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/").replaceAll("(.)/$", "$1");
                    if (path.startsWith("/api/") || path.equals("/webhooks/{source}")) {
                        operations.add(verb.toLowerCase(Locale.ROOT) + " " + path);
                    }
                }
            }
        }
        return operations;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }
}
