package io.sbme.consent.profile;

import io.sbme.consent.Callers;
import io.sbme.contracts.Channel;
import io.sbme.support.audit.AuditLog;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The contact vault's resolve, called by the dispatcher right before a provider request: the only
 * answer in the system that carries a full number, and only for a channel consented to at that
 * instant. Every call is audited (without the number).
 */
@RestController
class ResolveController {

    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Consents consents;
    private final AuditLog audit;

    ResolveController(Consents consents, AuditLog audit) {
        this.consents = consents;
        this.audit = audit;
    }

    /** The body: whose number, for which channel, for which message. */
    record ResolveRequest(String userId, String channel, String messageId) {
    }

    @PostMapping("/internal/vault/resolve")
    Consents.Resolved resolve(Caller caller, @RequestBody(required = false) ResolveRequest request) {
        String service = Callers.service(caller);
        if (request == null) {
            throw ApiProblem.badRequest("A JSON body with userId, channel and messageId is required.");
        }
        String userId = Callers.userId(request.userId(), "userId");
        Channel channel = Channels.one(request.channel(), "channel");
        if (request.messageId() == null || !MESSAGE_ID.matcher(request.messageId()).matches()) {
            throw ApiProblem.badRequest("messageId is required: 1 to 128 letters, digits, '.', '_', ':' or '-'.");
        }
        Map<String, String> details = Map.of("channel", channel.wireName());
        try {
            Consents.Resolved resolved = consents.resolve(userId, channel);
            audit.record(service, "vault.resolved", request.messageId(), "ok", details);
            return resolved;
        } catch (ApiProblem refused) {
            audit.record(service, "vault.resolved", request.messageId(),
                    refused.status() == 403 ? "no_consent" : "unknown", details);
            throw refused;
        }
    }
}
