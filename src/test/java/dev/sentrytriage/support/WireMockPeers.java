package dev.sentrytriage.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server on a dynamic loopback port standing in for the AI analyzer and Sentry's API. The test profile
 * using it decides which keys point at it ({@code analyzer-url-suffix} arg for the {@code http} contract's path).
 */
public class WireMockPeers implements QuarkusTestResourceLifecycleManager {

    /** Injects the running server into a test's field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Peer {
    }

    private WireMockServer server;
    private String analyzerPath = "";

    @Override
    public void init(Map<String, String> initArgs) {
        analyzerPath = initArgs.getOrDefault("analyzer-path", "");
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String base = "http://127.0.0.1:" + server.port();
        return Map.of("triage.analyzer.url", base + analyzerPath, "triage.sentry.api-url", base);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Peer.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
