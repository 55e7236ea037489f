package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.support.outage.Dependency;
import io.sbme.support.outage.Outages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Asks consent-service's vault for a recipient's number at send time. The vault answers only for a
 * channel consented at this instant, so it is the final gate: no resolve, no send. The answer is
 * handed straight to the sender and never stored. The double opt-in confirmation asks with the
 * purpose {@code confirmation}, which the vault answers only while the number waits for its owner's
 * YES on that channel (and refuses for anything else meanwhile).
 *
 * <p>Resolves that wait at the same moment share one call ({@code /internal/vault/resolve-batch}),
 * group-commit style: a resolve goes out at once while fewer than {@value #CALLS} calls are under
 * way, and otherwise joins the next call. A lone resolve never waits for company; under load one
 * HTTP exchange serves up to {@value #MAX_BATCH} messages, each still gated and audited on its own.
 *
 * <p>The vault is a {@link Dependency} with a circuit breaker of its own: a call that cannot reach it
 * (refused, timed out, a 5xx) answers {@link Down}, the dispatch is held rather than retried towards
 * the dead-letter topic, and the dispatch listeners pause until a probe finds the vault back.
 */
@Component
class VaultClient {

    /** consent-service's limit per call. */
    static final int MAX_BATCH = 100;
    /** Enough to keep a slow vault answer from holding everything up; more only makes the batches smaller. */
    static final int CALLS = 4;

    /** The vault's answer. */
    sealed interface Resolution {
    }

    record Resolved(String phone, String maskedPhone) implements Resolution {
        @Override
        public String toString() {
            return "Resolved[" + maskedPhone + "]";
        }
    }

    /** @param cause {@code no_consent} (403) or {@code unknown_recipient} (404) */
    record Refused(String cause) implements Resolution {
    }

    /** The vault gave no usable answer for this one message; the send is retried later. */
    record Unavailable(String cause) implements Resolution {
    }

    /** The vault as a whole is unreachable: an outage, during which the message waits. */
    record Down(String cause) implements Resolution {
    }

    /** A resolve waiting for a call. */
    private record Waiting(String userId, Channel channel, String messageId, boolean confirmation,
                           CompletableFuture<Resolution> answer) {
    }

    private final HttpClient http;
    private final URI endpoint;
    private final GatewayToken tokens;
    private final String service;
    private final DispatcherProperties properties;
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final Semaphore calls = new Semaphore(CALLS);
    private final Dependency dependency;

    VaultClient(DispatcherProperties properties, GatewayToken tokens, @Value("${spring.application.name}") String service,
                Outages outages) {
        String base = properties.consentUrl().endsWith("/") ? properties.consentUrl().substring(0,
                properties.consentUrl().length() - 1) : properties.consentUrl();
        this.endpoint = URI.create(base + "/internal/vault/resolve-batch");
        this.tokens = tokens;
        this.service = service;
        this.properties = properties;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(properties.httpTimeout()).build();
        this.dependency = outages.register("vault", this::reachable, DispatchStage::dispatchesMessages);
    }

    Dependency dependency() {
        return dependency;
    }

    Resolution resolve(String userId, Channel channel, String messageId) {
        return resolve(userId, channel, messageId, false);
    }

    /** @param confirmation for the double opt-in confirmation, the one message a pending number may get */
    Resolution resolve(String userId, Channel channel, String messageId, boolean confirmation) {
        Waiting mine = new Waiting(userId, channel, messageId, confirmation, new CompletableFuture<>());
        waiting.add(mine);
        drain();
        try {
            return mine.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted");
        } catch (ExecutionException e) {
            return new Down("vault_unreachable");
        }
    }

    /**
     * Sends what waits while a call is free. Whoever releases a call looks at the queue again, so a
     * resolve queued while every call was busy is always picked up.
     */
    private void drain() {
        while (!waiting.isEmpty() && calls.tryAcquire()) {
            List<Waiting> batch = new ArrayList<>();
            for (Waiting next; batch.size() < MAX_BATCH && (next = waiting.poll()) != null; ) {
                batch.add(next);
            }
            try {
                if (!batch.isEmpty()) {
                    call(batch);
                }
            } finally {
                calls.release();
            }
        }
    }

    private void call(List<Waiting> batch) {
        if (!dependency.breaker().tryAcquirePermission()) {
            batch.forEach(w -> w.answer().complete(new Down("vault_circuit_open")));
            return;
        }
        List<Map<String, String>> requests = batch.stream().map(VaultClient::request).toList();
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = post(requests);
            long took = System.nanoTime() - started;
            int status = response.statusCode();
            if (status >= 500) {
                // A restarting or overloaded vault: an outage, not this batch's fault.
                dependency.breaker().onError(took, TimeUnit.NANOSECONDS, new IOException("vault_http_" + status));
                batch.forEach(w -> w.answer().complete(new Down("vault_http_" + status)));
                return;
            }
            dependency.breaker().onSuccess(took, TimeUnit.NANOSECONDS);
            JsonNode results = status == 200 ? ContractJson.mapper().readTree(response.body()).path("results") : null;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(results == null ? new Unavailable("vault_http_" + status)
                        : answer(results.path(i)));
            }
        } catch (IOException | RuntimeException e) {
            dependency.breaker().onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            batch.forEach(w -> w.answer().complete(new Down("vault_unreachable")));
        } catch (InterruptedException e) {
            dependency.breaker().releasePermission();
            Thread.currentThread().interrupt();
            batch.forEach(w -> w.answer().complete(new Unavailable("interrupted")));
        }
    }

    private HttpResponse<byte[]> post(List<Map<String, String>> requests) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(properties.httpTimeout())
                .header(GatewayToken.HEADER, tokens.mint(new Caller(service, Caller.Role.SERVICE)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ContractJson.write(Map.of("requests", requests))))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, String> request(Waiting waiting) {
        Map<String, String> request = new java.util.LinkedHashMap<>();
        request.put("userId", waiting.userId());
        request.put("channel", waiting.channel().wireName());
        request.put("messageId", waiting.messageId());
        if (waiting.confirmation()) {
            request.put("purpose", "confirmation");
        }
        return request;
    }

    /** The probe of an open breaker: an empty batch resolves nothing, and any answer below 500 means the vault is back. */
    private boolean reachable() {
        try {
            return post(List.of()).statusCode() < 500;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Resolution answer(JsonNode result) {
        return switch (result.path("status").asInt(0)) {
            case 200 -> {
                String phone = result.path("phone").asString(null);
                yield phone == null ? new Unavailable("vault_bad_answer")
                        : new Resolved(phone, result.path("maskedPhone").asString(null));
            }
            case 403 -> new Refused("no_consent");
            case 404 -> new Refused("unknown_recipient");
            case 0 -> new Unavailable("vault_bad_answer");
            default -> new Unavailable("vault_http_" + result.path("status").asInt());
        };
    }
}
