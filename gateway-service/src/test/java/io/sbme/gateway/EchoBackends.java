package io.sbme.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-ins for the seven services behind the gateway: tiny JDK HTTP servers that answer every
 * request with what they received (service, method, path, headers, body), so tests see exactly what
 * the gateway forwarded. The dashboard also streams server-sent events that it holds open until
 * told to finish.
 */
final class EchoBackends {

    static final List<String> SERVICES = List.of("event-ingest", "consent", "decision", "composer", "dispatcher",
            "tracking", "dashboard");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, HttpServer> servers = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private volatile CountDownLatch streamRelease = new CountDownLatch(1);

    /** What a backend saw; header names in lower case. */
    record Echo(String service, String method, String path, String query, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(",", values);
        }
    }

    static EchoBackends start() {
        EchoBackends backends = new EchoBackends();
        SERVICES.forEach(backends::startOne);
        return backends;
    }

    String url(String service) {
        return "http://127.0.0.1:" + servers.get(service).getAddress().getPort();
    }

    /** Requests received by every backend together. */
    int totalRequests() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Lets the held-open event stream send its last event and end. */
    void releaseStream() {
        streamRelease.countDown();
    }

    void rearmStream() {
        streamRelease = new CountDownLatch(1);
    }

    /** Stops one backend, as a service that crashed or is being restarted: its port refuses connections. */
    void stop(String service) {
        servers.get(service).stop(0);
    }

    /** Starts a stopped backend again on the port it had. */
    void restart(String service) {
        startOn(service, servers.get(service).getAddress().getPort());
    }

    private void startOne(String service) {
        startOn(service, 0);
    }

    private void startOn(String service, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            counts.putIfAbsent(service, new AtomicInteger());
            server.createContext("/", exchange -> {
                counts.get(service).incrementAndGet();
                try (exchange) {
                    if (exchange.getRequestURI().getPath().equals("/api/v1/dashboard/stream")) {
                        stream(exchange);
                    } else {
                        echo(service, exchange);
                    }
                }
            });
            server.start();
            servers.put(service, server);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void echo(String service, HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Echo echo = new Echo(service, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(), headers, body);
        byte[] bytes = JSON.writeValueAsBytes(echo);
        boolean delete = exchange.getRequestMethod().equals("DELETE");
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        // A service's own weaker policy, which the gateway must override.
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src *");
        String status = exchange.getRequestHeaders().getFirst("X-Test-Status");
        exchange.sendResponseHeaders(status != null ? Integer.parseInt(status) : delete ? 202 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            streamRelease.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.write("data: last\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
