package dev.sentrytriage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The deployment kit in {@code deploy/}, checked without a cluster or Docker: the Kubernetes manifests parsed into the
 * Kubernetes model (a field the model does not know, such as a misspelt one, fails), compose.yaml parsed as YAML.
 */
class DeployKitTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Set<String> PUBLISHED = Set.of("sentry-triage-dev-secret", "sentry-triage-dev-token");
    private static final ObjectMapper MODEL = new ObjectMapper();

    @Test
    void kubernetesDeploymentRunsTwoHardenedReplicasWithProbesAndResources() throws IOException {
        Deployment deployment = one(Deployment.class, "deployment.yaml");
        assertEquals(2, deployment.getSpec().getReplicas());
        assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal(),
                "a rollout never takes a serving replica away first");
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertEquals(podLabels, deployment.getSpec().getSelector().getMatchLabels());

        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(1, pod.getContainers().size());
        Container container = pod.getContainers().get(0);
        assertEquals(8080, container.getPorts().get(0).getContainerPort());
        String port = container.getPorts().get(0).getName();
        assertEquals("/q/health/ready", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals(port, container.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertEquals("/q/health/live", container.getLivenessProbe().getHttpGet().getPath());
        assertEquals(port, container.getLivenessProbe().getHttpGet().getPort().getStrVal());
        assertNotNull(container.getResources().getRequests().get("cpu"));
        assertNotNull(container.getResources().getRequests().get("memory"));
        assertNotNull(container.getResources().getLimits().get("memory"));

        assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
        String tmpVolume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                .orElseThrow(() -> new AssertionError("/tmp must be writable")).getName();
        Volume tmp = pod.getVolumes().stream().filter(v -> v.getName().equals(tmpVolume)).findFirst().orElseThrow();
        assertNotNull(tmp.getEmptyDir(), "/tmp is an emptyDir");

        Secret secret = one(Secret.class, "secret.template.yaml");
        assertEquals(secret.getMetadata().getName(), container.getEnvFrom().get(0).getSecretRef().getName());
    }

    @Test
    void serviceAndDisruptionBudgetSelectTheDeploymentsPods() throws IOException {
        Deployment deployment = one(Deployment.class, "deployment.yaml");
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        Service service = one(Service.class, "service.yaml");
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()));
        assertEquals(container.getPorts().get(0).getName(), service.getSpec().getPorts().get(0).getTargetPort().getStrVal());

        PodDisruptionBudget pdb = one(PodDisruptionBudget.class, "pdb.yaml");
        assertEquals(podLabels, pdb.getSpec().getSelector().getMatchLabels());
        assertEquals(1, pdb.getSpec().getMinAvailable().getIntVal());
        assertTrue(pdb.getSpec().getMinAvailable().getIntVal() < deployment.getSpec().getReplicas(),
                "a node drain can still move a replica");

        // kubectl apply -k applies every manifest but the Secret template
        Map<String, Object> kustomization = yaml(DEPLOY.resolve("kubernetes/kustomization.yaml")).get(0);
        assertEquals(List.of("deployment.yaml", "service.yaml", "pdb.yaml"), kustomization.get("resources"));
    }

    @Test
    void secretTemplateCarriesEveryRequiredKeyAndNoValue() throws IOException {
        Secret secret = one(Secret.class, "secret.template.yaml");
        Map<String, String> data = secret.getStringData();
        for (String key : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
                "TRIAGE_SENTRY_SECRETS", "TRIAGE_API_TOKEN")) {
            assertEquals("", data.get(key), key + " is in the template, empty");
        }
        assertTrue(data.values().stream().allMatch(String::isEmpty), "a template carries no secret: " + data);
    }

    @Test
    void composeRunsTwoReplicasOnAHealthyPostgres16WithSecretsFromDotEnv() throws IOException {
        Map<String, Object> compose = yaml(DEPLOY.resolve("compose.yaml")).get(0);
        Map<String, Object> services = map(compose.get("services"));
        Map<String, Object> db = map(services.get("db"));
        Map<String, Object> service = map(services.get("service"));

        assertTrue(((String) db.get("image")).startsWith("postgres:16"), db.get("image").toString());
        assertTrue(map(db.get("healthcheck")).get("test").toString().contains("pg_isready"));
        assertTrue(((List<?>) db.get("volumes")).stream().anyMatch(v -> v.toString().startsWith("db-data:")));
        assertTrue(map(compose.get("volumes")).containsKey("db-data"));

        assertEquals(2, map(service.get("deploy")).get("replicas"));
        assertEquals("service_healthy", map(map(service.get("depends_on")).get("db")).get("condition"));
        Map<String, Object> env = map(service.get("environment"));
        assertEquals("jdbc:postgresql://db:5432/triage", env.get("QUARKUS_DATASOURCE_JDBC_URL"));
        for (String secret : List.of("QUARKUS_DATASOURCE_PASSWORD", "TRIAGE_SENTRY_SECRETS", "TRIAGE_API_TOKEN")) {
            assertTrue(env.get(secret).toString().matches("\\$\\{[A-Z_]+:\\?.+}"), secret + " is required from .env: "
                    + env.get(secret));
        }

        // every ${VARIABLE} compose reads is documented in .env.example, which carries no secret
        Properties example = new Properties();
        try (var in = Files.newBufferedReader(DEPLOY.resolve(".env.example"))) {
            example.load(in);
        }
        Set<String> used = variables(Files.readString(DEPLOY.resolve("compose.yaml")));
        Set<String> documented = new TreeSet<>(example.stringPropertyNames());
        documented.add("TRIAGE_IMAGE"); // commented out: optional
        assertTrue(documented.containsAll(used), "undocumented in .env.example: " + difference(used, documented));
        for (String secret : List.of("POSTGRES_PASSWORD", "TRIAGE_SENTRY_SECRETS", "TRIAGE_API_TOKEN")) {
            assertEquals("", example.getProperty(secret), secret + " is left to fill in");
        }
    }

    @Test
    void noFileOfTheKitCarriesAPublishedDevelopmentValue() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(Files::isRegularFile).collect(Collectors.toList());
        }
        assertTrue(files.size() >= 7, files.toString());
        for (Path file : files) {
            String text = Files.readString(file);
            PUBLISHED.forEach(value -> assertFalse(text.contains(value), file + " carries " + value));
        }
        assertFalse(Files.exists(DEPLOY.resolve(".env")), "deploy/.env holds real secrets: never in the repository");
    }

    private static <T> T one(Class<T> type, String file) throws IOException {
        List<Map<String, Object>> documents = yaml(DEPLOY.resolve("kubernetes").resolve(file));
        assertEquals(1, documents.size(), file);
        assertEquals(type.getSimpleName(), documents.get(0).get("kind"), file);
        T resource = MODEL.convertValue(documents.get(0), type);
        List<String> unknown = new ArrayList<>();
        unknownFields(resource, file, unknown);
        assertEquals(List.of(), unknown, "fields the Kubernetes model does not know");
        return resource;
    }

    /** The model keeps what it does not know in additionalProperties instead of failing: collect those. */
    private static void unknownFields(Object node, String path, List<String> unknown) {
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (node == null || !node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    unknownFields(value, path + "." + getter.getName().substring(3), unknown);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(file))) {
            documents.add(map(document));
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertTrue(value instanceof Map, "expected a mapping, got " + value);
        return new LinkedHashMap<>((Map<String, Object>) value);
    }

    private static Set<String> variables(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
