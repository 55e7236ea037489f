package io.sbme.ingest.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A load program (not a test) for the batch event API of a running stack. JDK only, so it runs as
 * a single source file:
 *
 * <pre>
 * # through the gateway (what integrations do)
 * java event-ingest-service/src/test/java/io/sbme/ingest/bench/IngestBench.java \
 *      --url http://localhost:8080 --key "$SBME_INGEST_API_KEY" --batches 200 --size 1000 --threads 4
 * # straight at the service: also mints the gateway's SERVICE token from the shared secret
 * java .../IngestBench.java --url http://localhost:8081 --key "$SBME_INGEST_API_KEY" --secret "$SBME_INTERNAL_SECRET"
 * # single events through the gateway, as 1,000 storefront sessions (cookie identity)
 * java .../IngestBench.java --url http://localhost:8080 --single 20000 --sessions 1000 --threads 16
 * # single events (storefront path) straight at the service, as SHOPPER tokens
 * java .../IngestBench.java --url http://localhost:8081 --secret "$SBME_INTERNAL_SECRET" --single 20000 --threads 8
 * </pre>
 *
 * Prints events/s, the 202 count and any other statuses.
 */
public final class IngestBench {

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://localhost:8080");
        String key = arg(args, "--key", "local-ingest-key");
        String secret = arg(args, "--secret", null);
        int batches = Integer.parseInt(arg(args, "--batches", "100"));
        int size = Integer.parseInt(arg(args, "--size", "1000"));
        int threads = Integer.parseInt(arg(args, "--threads", "4"));
        int single = Integer.parseInt(arg(args, "--single", "0"));
        int sessions = Integer.parseInt(arg(args, "--sessions", "0"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> cookies = sessions(http, url, sessions);
        long started = System.nanoTime();
        long events;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            if (single > 0) {
                events = single;
                for (int i = 0; i < single; i++) {
                    int n = i;
                    String cookie = cookies.isEmpty() ? null : cookies.get(n % cookies.size());
                    work.add(pool.submit(() -> send(http, url + "/api/v1/events", null, cookie,
                            secret == null ? null : token(secret, "SHOPPER", "u-bench" + run + (n % 500)),
                            """
                            {"type":"view_product","eventId":"bench-%s-%d","properties":{"product_id":"p-%d","price":10}}"""
                                    .formatted(run, n, n % 50), accepted, failed, 1)));
                }
            } else {
                events = (long) batches * size;
                for (int b = 0; b < batches; b++) {
                    StringBuilder body = new StringBuilder("{\"events\":[");
                    for (int i = 0; i < size; i++) {
                        if (i > 0) {
                            body.append(',');
                        }
                        body.append("""
                                {"type":"Product Viewed","userId":"u-bench%s%d","messageId":"bench-%s-%d-%d","properties":{"product_id":"p-%d","price":12.5,"currency":"INR"}}"""
                                .formatted(run, i % 500, run, b, i, i % 50));
                    }
                    String payload = body.append("]}").toString();
                    work.add(pool.submit(() -> send(http, url + "/api/v1/events/batch", key, null,
                            secret == null ? null : token(secret, "SERVICE", "ingest-bench"), payload, accepted, failed, size)));
                }
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d events in %.2f s = %.0f events/s; accepted %d, failed %d%n", events, seconds,
                events / seconds, accepted.get(), failed.get());
    }

    /** Storefront sessions minted by the gateway; their cookies identify the senders of single events. */
    private static List<String> sessions(HttpClient http, String url, int count) throws Exception {
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/session"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            answer.headers().firstValue("Set-Cookie").map(c -> c.substring(0, c.indexOf(';'))).ifPresent(cookies::add);
        }
        return cookies;
    }

    private static void send(HttpClient http, String url, String key, String cookie, String token, String body,
                             AtomicLong accepted, AtomicLong failed, int events) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        if (token != null) {
            request.header("X-Sbme-Identity", token);
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 202) {
                accepted.addAndGet(events);
            } else {
                failed.addAndGet(events);
                System.err.println(answer.statusCode() + " " + answer.body());
            }
        } catch (Exception e) {
            failed.addAndGet(events);
            System.err.println(e);
        }
    }

    /** The gateway token format of service-support's GatewayToken, minted here so the bench needs no classpath. */
    private static String token(String secret, String role, String subject) {
        try {
            long expires = System.currentTimeMillis() / 1000 + 3600;
            byte[] body = (role + "|" + subject + "|" + expires).getBytes(StandardCharsets.UTF_8);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return b64.encodeToString(body) + "." + b64.encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
