package dev.sentrytriage.infra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

/** Shutdown of a background stage is bounded whatever its pass is doing. */
class SignalledLoopTest {

    private final WireMockServer peer = new WireMockServer(wireMockConfig().dynamicPort());
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        peer.start();
        peer.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(60_000)));
    }

    @AfterEach
    void stopPeer() {
        peer.stop();
    }

    @Test
    void stopsWithinItsBoundWhileAPassWaitsOnASlowPeer() {
        AtomicBoolean interrupted = new AtomicBoolean();
        SignalledLoop loop = new SignalledLoop("slow-peer", new WorkSignal(), Duration.ofMinutes(1), () -> {
            try {
                http.send(HttpRequest.newBuilder(URI.create(peer.baseUrl() + "/slow")).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return 0;
        });
        loop.start(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> peer.findAll(getRequestedFor(urlEqualTo("/slow"))).size() == 2);

        boolean stopped = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> loop.stop(Duration.ofSeconds(5)));

        assertTrue(stopped, "both threads ended within the bound");
        assertTrue(interrupted.get(), "the call in flight was cancelled, not waited for");
    }

    @Test
    void givesUpWaitingOnAPassThatIgnoresInterrupts() {
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean release = new AtomicBoolean();
        SignalledLoop loop = new SignalledLoop("stubborn", new WorkSignal(), Duration.ofMinutes(1), () -> {
            started.set(true);
            while (!release.get()) {
                Thread.onSpinWait(); // CPU work that never looks at its interrupt flag
            }
            return 0;
        });
        loop.start(1);
        await().atMost(Duration.ofSeconds(30)).untilTrue(started);
        try {
            boolean stopped = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> loop.stop(Duration.ofMillis(300)));
            assertFalse(stopped, "reported as still busy, and not waited for any longer");
        } finally {
            release.set(true);
        }
    }
}
