package io.sbme.consent.keyword;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sbme.consent.Callers;
import io.sbme.consent.phone.PhoneNumbers;
import io.sbme.consent.profile.Actor;
import io.sbme.consent.profile.Channels;
import io.sbme.consent.profile.Consents;
import io.sbme.contracts.Channel;
import io.sbme.support.reply.ReplyKeyword;
import io.sbme.support.web.ApiProblem;
import io.sbme.support.identity.Caller;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Inbound replies forwarded by tracking-service: finds every profile that holds the sender's number
 * through the blind index and acts on keywords for the channel the reply came on, for all of them,
 * because consent belongs to the number: STOP revokes, YES confirms what is pending (or, like
 * START, opts the channel in again).
 */
@RestController
class InboundController {

    /** An SMS of 10 concatenated segments; longer replies are not keywords anyway. */
    private static final int MAX_TEXT = 1600;
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final Consents consents;
    private final PhoneNumbers numbers;

    InboundController(Consents consents, PhoneNumbers numbers) {
        this.consents = consents;
        this.numbers = numbers;
    }

    /**
     * The body: the channel the reply came on, its sender, its text, and the provider's id of the
     * reply (its digest; recorded as the proof of a confirmation).
     */
    record Inbound(String channel, String from, String text, String messageId) {
    }

    /**
     * What the reply changed: for the profile the number used last ({@code userId}, null when nobody
     * holds the number) and for each profile that holds it ({@code users}).
     *
     * @param action {@code revoked}, {@code confirmed}, {@code resubscribed} or {@code none}
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Outcome(String userId, String action, List<UserOutcome> users) {
    }

    /** What the reply changed for one profile. */
    record UserOutcome(String userId, String action) {
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
        if (inbound.messageId() != null && !MESSAGE_ID.matcher(inbound.messageId()).matches()) {
            throw ApiProblem.badRequest("messageId must be 1 to 128 letters, digits, '.', '_', ':' or '-'.");
        }
        String sender = numbers.normalizeSender(inbound.from()).orElseThrow(() ->
                ApiProblem.badRequest("from must be the sender's phone number (E.164, e.g. +919876543210)."));
        List<String> users = consents.usersByPhone(sender);
        if (users.isEmpty()) {
            return new Outcome(null, "none", List.of());
        }
        ReplyKeyword keyword = ReplyKeyword.of(inbound.text());
        List<UserOutcome> outcomes = users.stream()
                .map(user -> new UserOutcome(user, act(user, keyword, channel, inbound.messageId(), service)))
                .toList();
        return new Outcome(users.getFirst(), outcomes.getFirst().action(), outcomes);
    }

    private String act(String user, ReplyKeyword keyword, Channel channel, String messageId, String service) {
        return switch (keyword) {
            case STOP -> consents.revoke(user, Set.of(channel), new Actor(service, Actor.KEYWORD_STOP))
                    .filter(r -> !r.revoked().isEmpty()).map(r -> "revoked").orElse("none");
            case START, YES -> consents.confirmOrResubscribe(user, channel, messageId,
                            new Actor(service, keyword == ReplyKeyword.YES ? Actor.KEYWORD_YES : Actor.KEYWORD_START))
                    // A confirmation is stamped with the change that made it; a re-subscription keeps the older one.
                    .map(p -> p.confirmation() != null && p.confirmation().at().equals(p.updatedAt())
                            ? "confirmed" : "resubscribed").orElse("none");
            case NONE -> "none";
        };
    }
}
