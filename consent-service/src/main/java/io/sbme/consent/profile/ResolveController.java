package io.sbme.consent.profile;

import io.sbme.consent.Callers;
import io.sbme.contracts.Channel;
import io.sbme.support.audit.AuditLog;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The contact vault's resolve, called by the dispatcher right before a provider request: the only
 * answer in the system that carries a full number, and only for a channel consented to at that
 * instant (or, for the confirmation message, pending confirmation). Every call is audited (without
 * the number).
 */
@RestController
class ResolveController {

    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** A dispatcher gathers the resolves that wait at the same moment; this bounds one call. */
    static final int MAX_BATCH = 100;
    private static final String CONFIRMATION = "confirmation";

    private final Consents consents;
    private final AuditLog audit;

    ResolveController(Consents consents, AuditLog audit) {
        this.consents = consents;
        this.audit = audit;
    }

    /**
     * The body: whose number, for which channel, for which message.
     *
     * @param purpose {@code confirmation} for the one message a pending number may get (the channel
     *                must be pending confirmation); absent for every other message (it must be granted)
     */
    record ResolveRequest(String userId, String channel, String messageId, String purpose) {
    }

    /** A batch body: several resolves, each answered on its own. */
    record BatchRequest(List<ResolveRequest> requests) {
    }

    /** The answers, in the order asked. */
    record BatchAnswer(List<Map<String, Object>> results) {
    }

    @PostMapping("/internal/vault/resolve")
    Consents.Resolved resolve(Caller caller, @RequestBody(required = false) ResolveRequest request) {
        return resolveOne(Callers.service(caller), request);
    }

    /**
     * Several resolves in one call, for a dispatcher sending many messages at once: each is gated,
     * audited and answered exactly as {@code /internal/vault/resolve} would, as a {@code status} of
     * 200 (with {@code phone} and {@code maskedPhone}), 400, 403 ({@code reason}) or 404, so one bad
     * or refused entry does not affect the others.
     */
    @PostMapping("/internal/vault/resolve-batch")
    BatchAnswer resolveBatch(Caller caller, @RequestBody(required = false) BatchRequest batch) {
        String service = Callers.service(caller);
        if (batch == null || batch.requests() == null || batch.requests().isEmpty()) {
            throw ApiProblem.badRequest("A JSON body {\"requests\": [{userId, channel, messageId}, ...]} is required.");
        }
        if (batch.requests().size() > MAX_BATCH) {
            throw ApiProblem.badRequest("At most " + MAX_BATCH + " resolves per call.");
        }
        List<Map<String, Object>> results = new ArrayList<>(batch.requests().size());
        for (ResolveRequest request : batch.requests()) {
            Map<String, Object> result = new LinkedHashMap<>();
            try {
                Consents.Resolved resolved = resolveOne(service, request);
                result.put("status", 200);
                result.put("phone", resolved.phone());
                result.put("maskedPhone", resolved.maskedPhone());
            } catch (ApiProblem problem) {
                result.put("status", problem.status());
                result.put("detail", problem.getMessage());
                result.putAll(problem.properties());
            }
            results.add(result);
        }
        return new BatchAnswer(results);
    }

    private Consents.Resolved resolveOne(String service, ResolveRequest request) {
        if (request == null) {
            throw ApiProblem.badRequest("A JSON body with userId, channel and messageId is required.");
        }
        String userId = Callers.userId(request.userId(), "userId");
        Channel channel = Channels.one(request.channel(), "channel");
        if (request.messageId() == null || !MESSAGE_ID.matcher(request.messageId()).matches()) {
            throw ApiProblem.badRequest("messageId is required: 1 to 128 letters, digits, '.', '_', ':' or '-'.");
        }
        boolean confirmation = CONFIRMATION.equals(request.purpose());
        if (request.purpose() != null && !confirmation) {
            throw ApiProblem.badRequest("purpose is either absent or 'confirmation'.");
        }
        Map<String, String> details = confirmation ? Map.of("channel", channel.wireName(), "purpose", CONFIRMATION)
                : Map.of("channel", channel.wireName());
        try {
            Consents.Resolved resolved = consents.resolve(userId, channel, confirmation);
            audit.record(service, "vault.resolved", request.messageId(), "ok", details);
            return resolved;
        } catch (ApiProblem refused) {
            audit.record(service, "vault.resolved", request.messageId(),
                    refused.status() == 403 ? "no_consent" : "unknown", details);
            throw refused;
        }
    }
}
