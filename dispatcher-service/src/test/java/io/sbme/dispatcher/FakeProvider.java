package io.sbme.dispatcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sbme.contracts.ContractJson;
import io.sbme.support.testing.MetaMessageIds;
import io.sbme.support.testing.TestRedis;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The outside world for dispatcher tests, in-process on the JDK's HTTP server: Meta's WhatsApp
 * Cloud API, Twilio's Messages API (both with their real request and answer shapes), and
 * consent-service's vault resolve endpoint. Records every request; answers can be scripted per
 * recipient number. It stands in for the providers, not for our infrastructure.
 */
public final class FakeProvider implements AutoCloseable {

    /**
     * One request the fake received. {@code messageId} is ours, from {@code biz_opaque_callback_data};
     * {@code providerMessageId} is the id the fake answered (null for a scripted answer or the vault).
     */
    public record Request(String channel, String path, String authorization, String contentType, String body,
                          long at, String to, String messageId, String providerMessageId) {
    }

    /** A scripted answer. */
    public record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, String> vault = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger answering = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile long latencyMillis;
    private volatile long vaultLatencyMillis;
    private final AtomicInteger vaultCalls = new AtomicInteger();
    private volatile boolean vaultDown;
    private final List<Long> vaultRefusals = new CopyOnWriteArrayList<>();

    public FakeProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Points a dispatcher test context at this fake (vault, Meta, Twilio) and at the test Redis. */
    public void standIn(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", TestRedis::port);
        registry.add("sbme.dispatcher.consent-url", this::url);
        registry.add("sbme.dispatcher.whatsapp.base-url", this::url);
        registry.add("sbme.dispatcher.sms.base-url", this::url);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next answers for a recipient, in order; afterwards the provider accepts. */
    public void script(String to, Answer... answers) {
        scripts.computeIfAbsent(to, k -> new ArrayDeque<>()).addAll(Arrays.asList(answers));
    }

    /** How long the WhatsApp and Twilio endpoints take to answer (the vault answers at once). */
    public void latency(long millis) {
        this.latencyMillis = millis;
    }

    /** How long the vault takes to answer a call. */
    public void vaultLatency(long millis) {
        this.vaultLatencyMillis = millis;
    }

    /** While down the vault answers every call {@code 503}, as consent-service does while it restarts. */
    public void vaultDown(boolean down) {
        this.vaultDown = down;
    }

    /** How long the vault has been refusing calls: from the first to the latest call refused while down. */
    public java.time.Duration vaultRefusingFor() {
        return vaultRefusals.isEmpty() ? java.time.Duration.ZERO
                : java.time.Duration.ofMillis(vaultRefusals.getLast() - vaultRefusals.getFirst());
    }

    /** How many HTTP calls the vault answered (one may carry many resolves). */
    public int vaultCalls() {
        return vaultCalls.get();
    }

    /** The vault knows this user's number and answers for it. */
    public void optIn(String userId, String phone) {
        vault.put(userId, phone);
        revoked.remove(userId);
    }

    /** The vault knows this user's number, waiting for its owner's YES: it answers only a {@code confirmation} resolve. */
    public void pending(String userId, String phone) {
        vault.put(userId, phone);
        revoked.remove(userId);
        pending.add(userId);
    }

    /** The vault refuses this user from now on ({@code 403 reason no_consent}). */
    public void revoke(String userId) {
        revoked.add(userId);
    }

    /** The most WhatsApp and SMS requests the fake was answering at the same moment since the last reset. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    public void resetMostAtOnce() {
        mostAtOnce.set(0);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> providerRequestsTo(String phone) {
        return requests.stream().filter(r -> !r.channel().equals("vault") && phone.equals(r.to())).toList();
    }

    public static Answer metaError(int httpStatus, int code, String message) {
        return new Answer(httpStatus, """
                {"error":{"message":"(#%d) %s","type":"OAuthException","code":%d,
                 "error_data":{"messaging_product":"whatsapp","details":"%s"},"fbtrace_id":"AbCdEf123"}}"""
                .formatted(code, message, code, message));
    }

    public static Answer twilioError(int httpStatus, int code, String message) {
        return new Answer(httpStatus, """
                {"code":%d,"message":"%s","more_info":"https://www.twilio.com/docs/errors/%d","status":%d}"""
                .formatted(code, message, code, httpStatus));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            long at = System.currentTimeMillis();
            if (path.equals("/internal/vault/resolve-batch") && vaultDown) {
                vaultRefusals.add(at);
                answer(exchange, new Answer(503, "{\"title\":\"Service Unavailable\",\"status\":503}"));
            } else if (path.equals("/internal/vault/resolve-batch")) {
                // Each entry answered as consent-service does: 200 with the number, 403 no_consent, 404.
                List<String> results = new ArrayList<>();
                for (JsonNode entry : ContractJson.mapper().readTree(body).path("requests")) {
                    String userId = entry.path("userId").asString();
                    requests.add(new Request("vault", path, exchange.getRequestHeaders().getFirst("X-Sbme-Identity"),
                            contentType, entry.toString(), at, null, entry.path("messageId").asString(), null));
                    String phone = vault.get(userId);
                    boolean confirmation = "confirmation".equals(entry.path("purpose").asString(null));
                    boolean refused = revoked.contains(userId) || pending.contains(userId) != confirmation;
                    results.add(refused ? "{\"status\":403,\"reason\":\"no_consent\"}"
                            : phone == null ? "{\"status\":404}"
                            : "{\"status\":200,\"phone\":\"" + phone + "\",\"maskedPhone\":\"" + mask(phone) + "\"}");
                }
                vaultCalls.incrementAndGet();
                if (vaultLatencyMillis > 0) {
                    Thread.sleep(vaultLatencyMillis);
                }
                answer(exchange, new Answer(200, "{\"results\":[" + String.join(",", results) + "]}"));
            } else if (path.matches("/v[0-9.]+/[^/]+/messages")) {
                JsonNode json = ContractJson.mapper().readTree(body);
                String to = json.path("to").asString();
                Answer scripted = next(to);
                // Shaped like Meta's: the recipient's number inside, as in production.
                String wamid = scripted != null ? null : MetaMessageIds.forNumber(to);
                requests.add(new Request("whatsapp", path, authorization, contentType, body, at, to,
                        json.path("biz_opaque_callback_data").asString(null), wamid));
                providerLatency();
                answer(exchange, scripted != null ? scripted : new Answer(200, """
                        {"messaging_product":"whatsapp","contacts":[{"input":"%s","wa_id":"%s"}],
                         "messages":[{"id":"%s"}]}""".formatted(to, to.replace("+", ""), wamid)));
            } else if (path.matches("/2010-04-01/Accounts/[^/]+/Messages.json")) {
                Map<String, String> form = Arrays.stream(body.split("&")).map(p -> p.split("=", 2))
                        .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                                p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
                String to = form.get("To");
                Answer scripted = next(to);
                String sid = scripted != null ? null : "SM%032d".formatted(ids.incrementAndGet());
                requests.add(new Request("sms", path, authorization, contentType, body, at, to, null, sid));
                providerLatency();
                answer(exchange, scripted != null ? scripted : new Answer(201, """
                        {"sid":"%s","status":"queued","to":"%s","from":"%s","num_segments":"1","body":"..."}"""
                        .formatted(sid, to, form.get("From"))));
            } else {
                answer(exchange, new Answer(404, "{}"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Recorded first, answered after the latency: a test sees a request the provider is still working on. */
    private void providerLatency() throws InterruptedException {
        int now = answering.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        try {
            if (latencyMillis > 0) {
                Thread.sleep(latencyMillis);
            }
        } finally {
            answering.decrementAndGet();
        }
    }

    private Answer next(String to) {
        Deque<Answer> script = scripts.get(to);
        return script == null ? null : script.pollFirst();
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String mask(String phone) {
        return phone.substring(0, 3) + " ••••••" + phone.substring(phone.length() - 4);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
