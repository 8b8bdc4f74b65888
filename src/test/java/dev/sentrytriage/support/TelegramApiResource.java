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
 * The Telegram Bot API played by WireMock on a dynamic loopback port, and the service pointed at it with a bot token,
 * a default chat and topic, a route, and a webhook secret. Test classes get the server through {@link Inject}.
 */
public class TelegramApiResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "123456:TEST-token_abc";
    public static final String CHAT = "-1001";
    public static final int THREAD = 7;
    /** Incidents of this project at HIGH or above go to {@link #ROUTED_CHAT}. */
    public static final String ROUTED_PROJECT = "payments";
    public static final String ROUTED_CHAT = "-2002";
    /** Incidents of this project go to {@link #LEGACY_CHAT}, a group that Telegram upgrades in a test. */
    public static final String LEGACY_PROJECT = "legacy";
    public static final String LEGACY_CHAT = "-3003";
    /** Where incidents nobody acted on are escalated. */
    public static final String ESCALATION_CHAT = "-4004";
    /** How long the mute button mutes (not the default, so the label is seen to follow it). */
    public static final String MUTE_FOR = "4h";
    public static final String WEBHOOK_SECRET = "tg-webhook-secret";
    /** A user allowed to press buttons. */
    public static final long USER = 4242;

    /** Marks the test field that receives the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return Map.ofEntries(
                Map.entry("triage.telegram.api-url", server.baseUrl()),
                Map.entry("triage.telegram.bot-token", TOKEN),
                Map.entry("triage.telegram.chat-id", CHAT),
                Map.entry("triage.telegram.thread-id", String.valueOf(THREAD)),
                Map.entry("triage.telegram.webhook-secret", WEBHOOK_SECRET),
                Map.entry("triage.telegram.routes[0].project", ROUTED_PROJECT),
                Map.entry("triage.telegram.routes[0].min-risk", "HIGH"),
                Map.entry("triage.telegram.routes[0].chat-id", ROUTED_CHAT),
                Map.entry("triage.telegram.routes[1].project", LEGACY_PROJECT),
                Map.entry("triage.telegram.routes[1].chat-id", LEGACY_CHAT),
                Map.entry("triage.telegram.allowed-users", USER + ",4343"),
                Map.entry("triage.telegram.escalation-chat-id", ESCALATION_CHAT),
                Map.entry("triage.telegram.mute-for", MUTE_FOR),
                Map.entry("quarkus.rest-client.telegram.read-timeout", "2000"));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(Inject.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
