package io.sbme.consent.profile;

import io.sbme.consent.phone.ValidPhone;
import io.sbme.contracts.Channel;
import io.sbme.support.web.ApiProblem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of double opt-in, as pure functions from a profile to the next: a number entered on the
 * storefront is pending until its owner replies YES; a confirmed number gains channels at once; a
 * new number starts over (the old number's consent does not carry to it); a YES (or START) from the
 * number confirms what is pending. Why: nothing proves a visitor owns the number they type, and
 * every message under the brand's name must go to someone who asked for it.
 */
final class DoubleOptIn {

    /** The proof source of a grant that lost its number when the profile took another. */
    static final String NUMBER_CHANGED = "number_changed";

    private DoubleOptIn() {
    }

    /**
     * A number as the opt-in brings it: validated, with its blind index and its number key.
     *
     * @param index the vault's blind index of the number
     * @param key the number's key other services see (caps per number)
     */
    record Number(ValidPhone phone, String index, String key) {
    }

    /**
     * The profile after a storefront (or admin) opt-in.
     *
     * @param before the current profile, or null for a first opt-in
     * @param number the number the request brings, or null to keep the one on file
     */
    static Profile optIn(Profile before, String userId, OptIn request, Number number, String source, Instant now) {
        if (number == null && (before == null || !before.hasNumber())) {
            throw new ApiProblem(400, "Bad Request", "phone is required: there is no number on file for this user.",
                    Map.of("field", "phone"));
        }
        boolean numberChanged = number != null && (before == null || !number.index().equals(before.phoneIndex()));
        Profile.Consent consent = before == null
                ? new Profile.Consent(ChannelProof.NEVER, ChannelProof.NEVER) : before.consent();
        if (numberChanged) {
            // The old number's consent belongs to the old number.
            for (Channel channel : Channels.CONSENTABLE) {
                consent = consent.with(channel, consent.of(channel).revoke(now, NUMBER_CHANGED));
            }
        }
        boolean confirmed = !numberChanged && before != null && before.numberConfirmed();
        for (Channel channel : sorted(request.channels())) {
            ChannelProof proof = consent.of(channel);
            consent = consent.with(channel, confirmed
                    ? proof.grant(now, request.textVersion(), source)
                    : proof.request(now, request.textVersion(), source));
        }
        Channel preferred = preferred(request.preferredChannel(), before == null ? null : before.preferredChannel(),
                consent);
        return new Profile(userId, consent.status(),
                number != null ? number.phone().masked() : before.maskedPhone(),
                number != null ? number.phone().regionCode() : before.regionCode(),
                number != null ? number.phone().timeZone() : before.timeZone(),
                number != null ? number.index() : before.phoneIndex(),
                consent, preferred, before == null ? 1 : before.version() + 1, now,
                number != null ? number.key() : before.numberKey(),
                numberChanged || before == null ? null : before.confirmation());
    }

    /**
     * The profile after its number's owner confirmed by a reply on {@code channel}: every pending
     * channel is granted and the confirmation is recorded. Empty when nothing was pending.
     */
    static Optional<Profile> confirm(Profile before, Channel channel, String inboundMessageId, Instant now) {
        if (before == null || !before.hasNumber() || !before.consent().anyPending()) {
            return Optional.empty();
        }
        Profile.Consent consent = before.consent();
        for (Channel each : Channels.CONSENTABLE) {
            consent = consent.with(each, consent.of(each).confirm(now));
        }
        return Optional.of(new Profile(before.userId(), consent.status(), before.maskedPhone(), before.regionCode(),
                before.timeZone(), before.phoneIndex(), consent, preferred(null, before.preferredChannel(), consent),
                before.version() + 1, now, before.numberKey(),
                new Profile.Confirmation(channel, now, inboundMessageId)));
    }

    /**
     * The channel messages prefer: the requested one (which must be granted or pending), else the
     * current one while it stands, else WhatsApp, then SMS; granted channels before pending ones.
     */
    static Channel preferred(Channel requested, Channel current, Profile.Consent consent) {
        if (requested != null) {
            if (!usable(consent.of(requested))) {
                throw ApiProblem.badRequest("preferredChannel must be one of the consented channels.");
            }
            return requested;
        }
        if (current != null && usable(consent.of(current))) {
            return current;
        }
        for (boolean granted : List.of(true, false)) {
            for (Channel channel : List.of(Channel.WHATSAPP, Channel.SMS)) {
                ChannelProof proof = consent.of(channel);
                if (granted ? proof.granted() : proof.pending()) {
                    return channel;
                }
            }
        }
        return null;
    }

    private static boolean usable(ChannelProof proof) {
        return proof.granted() || proof.pending();
    }

    private static List<Channel> sorted(Set<Channel> channels) {
        return channels.stream().sorted().toList();
    }
}
