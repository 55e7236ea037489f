package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Asks consent-service's vault for a recipient's number at send time. The vault answers only for a
 * channel consented at this instant, so it is the final gate: no resolve, no send. The answer is
 * handed straight to the sender and never stored.
 *
 * <p>Resolves that wait at the same moment share one call ({@code /internal/vault/resolve-batch}),
 * group-commit style: a resolve goes out at once while fewer than {@value #CALLS} calls are under
 * way, and otherwise joins the next call. A lone resolve never waits for company; under load one
 * HTTP exchange serves up to {@value #MAX_BATCH} messages, each still gated and audited on its own.
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

    /** The vault could not be asked; the send is retried later. */
    record Unavailable(String cause) implements Resolution {
    }

    /** A resolve waiting for a call. */
    private record Waiting(String userId, Channel channel, String messageId, CompletableFuture<Resolution> answer) {
    }

    private final HttpClient http;
    private final URI endpoint;
    private final GatewayToken tokens;
    private final String service;
    private final DispatcherProperties properties;
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final Semaphore calls = new Semaphore(CALLS);

    VaultClient(DispatcherProperties properties, GatewayToken tokens, @Value("${spring.application.name}") String service) {
        String base = properties.consentUrl().endsWith("/") ? properties.consentUrl().substring(0,
                properties.consentUrl().length() - 1) : properties.consentUrl();
        this.endpoint = URI.create(base + "/internal/vault/resolve-batch");
        this.tokens = tokens;
        this.service = service;
        this.properties = properties;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(properties.httpTimeout()).build();
    }

    Resolution resolve(String userId, Channel channel, String messageId) {
        Waiting mine = new Waiting(userId, channel, messageId, new CompletableFuture<>());
        waiting.add(mine);
        drain();
        try {
            return mine.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted");
        } catch (ExecutionException e) {
            return new Unavailable("vault_unreachable");
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
        List<Map<String, String>> requests = batch.stream().map(w -> Map.of("userId", w.userId(),
                "channel", w.channel().wireName(), "messageId", w.messageId())).toList();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(properties.httpTimeout())
                .header(GatewayToken.HEADER, tokens.mint(new Caller(service, Caller.Role.SERVICE)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ContractJson.write(Map.of("requests", requests))))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode results = response.statusCode() == 200
                    ? ContractJson.mapper().readTree(response.body()).path("results") : null;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(results == null ? new Unavailable("vault_http_" + response.statusCode())
                        : answer(results.path(i)));
            }
        } catch (IOException | RuntimeException e) {
            batch.forEach(w -> w.answer().complete(new Unavailable("vault_unreachable")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.forEach(w -> w.answer().complete(new Unavailable("interrupted")));
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
