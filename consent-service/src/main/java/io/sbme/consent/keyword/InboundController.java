package io.sbme.consent.keyword;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sbme.consent.Callers;
import io.sbme.consent.phone.PhoneNumbers;
import io.sbme.consent.profile.Actor;
import io.sbme.consent.profile.Channels;
import io.sbme.consent.profile.Consents;
import io.sbme.contracts.Channel;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Inbound replies forwarded by tracking-service: finds the sender through the blind index and acts
 * on STOP- and START-family keywords for the channel the reply came on.
 */
@RestController
class InboundController {

    /** An SMS of 10 concatenated segments; longer replies are not keywords anyway. */
    private static final int MAX_TEXT = 1600;

    private final Consents consents;
    private final PhoneNumbers numbers;

    InboundController(Consents consents, PhoneNumbers numbers) {
        this.consents = consents;
        this.numbers = numbers;
    }

    /** The body: the channel the reply came on, its sender and its text. */
    record Inbound(String channel, String from, String text) {
    }

    /** Whose reply it was (null when the number is unknown) and what it changed. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Outcome(String userId, String action) {
    }

    @PostMapping("/internal/inbound")
    Outcome inbound(Caller caller, @RequestBody(required = false) Inbound inbound) {
        String service = Callers.service(caller);
        if (inbound == null) {
            throw ApiProblem.badRequest("A JSON body with channel, from and text is required.");
        }
        Channel channel = Channels.one(inbound.channel(), "channel");
        if (inbound.text() != null && inbound.text().length() > MAX_TEXT) {
            throw ApiProblem.badRequest("text is too long (at most " + MAX_TEXT + " characters).");
        }
        String sender = numbers.normalizeSender(inbound.from()).orElseThrow(() ->
                ApiProblem.badRequest("from must be the sender's phone number (E.164, e.g. +919876543210)."));
        Optional<String> userId = consents.userByPhone(sender);
        if (userId.isEmpty()) {
            return new Outcome(null, "none");
        }
        String user = userId.get();
        String action = switch (Keyword.of(inbound.text())) {
            case STOP -> consents.revoke(user, Set.of(channel), new Actor(service, Actor.KEYWORD_STOP))
                    .filter(r -> !r.revoked().isEmpty()).map(r -> "revoked").orElse("none");
            case START -> consents.resubscribe(user, channel, new Actor(service, Actor.KEYWORD_START))
                    .map(p -> "resubscribed").orElse("none");
            case NONE -> "none";
        };
        return new Outcome(user, action);
    }
}
