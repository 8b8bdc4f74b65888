import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load generator for sentry-triage: unique Sentry-shaped event_alert bodies (from the repo's real fixture), signed
 * like Sentry signs them, sent at a fixed rate (open model, latency measured from the intended send time, so a stall
 * is not hidden) or flat out (closed model, N connections). Prints one line of key=value figures.
 *
 * java bench/LoadGen.java --url URL --secret S [--rate R | --connections C] --seconds D [--issues N]
 *                         [--run ID] [--ack-log FILE] [--fixture PATH] [--get URL (ceiling: GET instead)]
 */
public class LoadGen {

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI url = URI.create(opt.getOrDefault("url", "http://127.0.0.1:8080/webhooks/sentry"));
        String secret = opt.getOrDefault("secret", "sentry-triage-dev-secret");
        int rate = Integer.parseInt(opt.getOrDefault("rate", "0"));
        int connections = Integer.parseInt(opt.getOrDefault("connections", "32"));
        double seconds = Double.parseDouble(opt.getOrDefault("seconds", "10"));
        int issues = Integer.parseInt(opt.getOrDefault("issues", "50"));
        String run = opt.getOrDefault("run", Long.toString(System.currentTimeMillis(), 36));
        Path ackLog = opt.containsKey("ack-log") ? Path.of(opt.get("ack-log")) : null;
        URI getUrl = opt.containsKey("get") ? URI.create(opt.get("get")) : null;
        Path fixture = Path.of(opt.getOrDefault("fixture", "src/test/resources/fixtures/sentry/event_alert.triggered.json"));

        int total = rate > 0 ? (int) Math.ceil(rate * seconds) : Integer.parseInt(opt.getOrDefault("max", "200000"));
        String template = minify(Files.readString(fixture));
        byte[][] bodies = new byte[total][];
        String[] signatures = new String[total];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (int n = 0; n < total; n++) {
            String body = template
                    .replace("e4874d664c3540c1a32eab185f12c5ab", run + "-" + n)
                    .replace("\"issue_id\":\"1117540176\"", "\"issue_id\":\"" + (900000 + n % issues) + "\"")
                    .replace("heck is not defined", "bench issue " + (n % issues) + " is not defined");
            bodies[n] = body.getBytes(StandardCharsets.UTF_8);
            signatures[n] = hex(mac.doFinal(bodies[n]));
        }

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4))
                .build();
        long[] latencies = new long[total];
        AtomicInteger done = new AtomicInteger();
        AtomicLongArray statuses = new AtomicLongArray(600);
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<String> acks = new ConcurrentLinkedQueue<>();
        Pattern idPattern = Pattern.compile("\"deliveryId\":\"([0-9a-f-]{36})\"");

        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        int sent;
        if (rate > 0) {
            long intervalNanos = (long) (1e9 / rate);
            Semaphore inFlight = new Semaphore(4096);
            CountDownLatch all = new CountDownLatch(total);
            for (sent = 0; sent < total; sent++) {
                long intended = start + sent * intervalNanos;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                inFlight.acquireUninterruptibly();
                final int n = sent;
                client.sendAsync(request(url, bodies[n], signatures[n]), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> {
                            latencies[n] = System.nanoTime() - intended;
                            record(r, e, statuses, errors, acks, idPattern);
                            done.incrementAndGet();
                            inFlight.release();
                            all.countDown();
                        });
            }
            all.await();
        } else {
            AtomicInteger next = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Thread t = new Thread(() -> {
                    int n;
                    while (System.nanoTime() < deadline && (n = next.getAndIncrement()) < total) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = null;
                        Throwable err = null;
                        try {
                            HttpRequest req = getUrl != null ? HttpRequest.newBuilder(getUrl).GET().build()
                                    : request(url, bodies[n], signatures[n]);
                            r = client.send(req, HttpResponse.BodyHandlers.ofString());
                        } catch (Exception e) {
                            err = e;
                        }
                        latencies[n] = System.nanoTime() - t0;
                        record(r, err, statuses, errors, acks, idPattern);
                        done.incrementAndGet();
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            sent = Math.min(next.get(), total);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int completed = done.get();
        long[] lat = Arrays.copyOf(latencies, completed);
        Arrays.sort(lat);
        long ok = 0;
        for (int s = 200; s < 300; s++) {
            ok += statuses.get(s);
        }
        StringBuilder codes = new StringBuilder();
        for (int s = 0; s < 600; s++) {
            if (statuses.get(s) > 0) {
                codes.append(codes.length() == 0 ? "" : ",").append(s).append(':').append(statuses.get(s));
            }
        }
        if (ackLog != null) {
            Files.write(ackLog, acks);
        }
        System.out.printf("sent=%d ok=%d errors=%d seconds=%.2f ok_per_s=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f codes=%s%n",
                completed, ok, errors.get(), elapsed, ok / elapsed, pct(lat, 50), pct(lat, 90), pct(lat, 99),
                lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, codes);
        System.exit(0);
    }

    private static HttpRequest request(URI url, byte[] body, String signature) {
        return HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Sentry-Hook-Resource", "event_alert")
                .header("Sentry-Hook-Timestamp", Long.toString(System.currentTimeMillis() / 1000))
                .header("Sentry-Hook-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static void record(HttpResponse<String> r, Throwable e, AtomicLongArray statuses, AtomicLong errors,
            ConcurrentLinkedQueue<String> acks, Pattern idPattern) {
        if (e != null || r == null) {
            errors.incrementAndGet();
            return;
        }
        statuses.incrementAndGet(Math.min(599, r.statusCode()));
        if (r.statusCode() == 202) {
            Matcher m = idPattern.matcher(r.body());
            if (m.find()) {
                acks.add(m.group(1));
            }
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** Removes whitespace outside strings: Sentry sends compact JSON. */
    static String minify(String json) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        boolean escaped = false;
        for (char c : json.toCharArray()) {
            if (inString) {
                out.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (!Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
