package io.sbme.consent.profile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.consent.ConsentProperties;
import io.sbme.consent.phone.ValidPhone;
import io.sbme.consent.profile.ConsentStore.Resolution;
import io.sbme.consent.profile.ConsentStore.Stored;
import io.sbme.consent.profile.ConsentStore.VaultChange;
import io.sbme.consent.vault.BlindIndex;
import io.sbme.consent.vault.VaultCipher;
import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentStatus;
import io.sbme.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Consent for every user: opt-in (pending until the number's owner confirms), confirmation and
 * re-subscription by reply, revoke, forget, and the vault's resolve gate. Each change is applied atomically in Redis, then announced on {@code consent-state} before
 * the caller gets an answer.
 */
@Service
public class Consents {

    private static final Logger log = LoggerFactory.getLogger(Consents.class);
    private static final int ATTEMPTS = 5;
    private static final Set<Channel> ALL = Channels.CONSENTABLE;

    private final ConsentStore store;
    private final UserLocks locks;
    private final VaultCipher cipher;
    private final BlindIndex index;
    private final ConsentEvents events;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int confirmationsPerDay;

    Consents(ConsentStore store, UserLocks locks, VaultCipher cipher, BlindIndex index, ConsentEvents events,
             MeterRegistry meters, Clock clock, ConsentProperties properties) {
        this.confirmationsPerDay = properties.confirmationsPerNumberPerDay();
        this.store = store;
        this.locks = locks;
        this.cipher = cipher;
        this.index = index;
        this.events = events;
        this.meters = meters;
        this.clock = clock;
    }

    public Optional<Profile> find(String userId) {
        return store.read(userId).map(Stored::profile);
    }

    /**
     * Opts a user in (or changes channels). A number not yet confirmed by its owner leaves the
     * profile pending and asks for one confirmation message (at most a few a day per number); a
     * confirmed number gains the channels at once.
     *
     * @throws ApiProblem 429 {@code confirmation_limit} when the number had its confirmations for today
     */
    public Profile optIn(String userId, OptIn request, Actor actor) {
        Optional<ValidPhone> phone = request.phone();
        String sealed = phone.map(p -> cipher.seal(userId, p.e164())).orElse(null);
        DoubleOptIn.Number number = phone.map(p -> new DoubleOptIn.Number(p, index.ofPhone(p.e164()),
                index.numberKey(p.e164()))).orElse(null);
        boolean[] counted = {false};
        return change(userId, current -> {
            Profile before = current.map(Stored::profile).orElse(null);
            Instant now = clock.instant();
            Profile next = DoubleOptIn.optIn(before, userId, request, number, actor.source(), now);
            boolean pending = next.status() == ConsentStatus.PENDING;
            if (pending && !counted[0]) {
                counted[0] = true;
                if (store.countConfirmation(next.phoneIndex(), LocalDate.ofInstant(now, ZoneOffset.UTC))
                        > confirmationsPerDay) {
                    throw new ApiProblem(429, "Too Many Requests", "This number was sent its confirmations for today: "
                            + "reply YES to one of them, or try again tomorrow.", Map.of("reason", "confirmation_limit"));
                }
            }
            List<Channel> newlyGranted = sorted(request.channels()).stream()
                    .filter(c -> next.granted(c) && (before == null || !before.granted(c))).toList();
            boolean numberChanged = number != null && (before == null || !number.index().equals(before.phoneIndex()));
            VaultChange vault = sealed != null ? new VaultChange.Put(sealed) : new VaultChange.Keep();
            String release = numberChanged && before != null ? before.phoneIndex() : null;
            String claim = number != null ? number.index() : null;
            String change = pending ? "confirmation_requested"
                    : before == null || before.status() != ConsentStatus.OPTED_IN || !newlyGranted.isEmpty()
                    ? "opted_in" : "channel_changed";
            return new Change(next, vault, release, claim, () -> {
                events.publish(next, change);
                log.info("user {} {} {} with {} via {}", userId, pending ? "asked for" : "opted in to",
                        names(request.channels()), next.maskedPhone(), actor.source());
                newlyGranted.forEach(c -> events.countOptIn(c, actor.source()));
                events.auditForUser(userId, actor.name(), pending ? "consent.requested"
                        : "opted_in".equals(change) ? "consent.opted_in" : "consent.channel_changed", Map.of(
                        "channels", names(request.channels()),
                        "preferredChannel", next.preferredChannel() == null ? "" : next.preferredChannel().wireName(),
                        "consentTextVersion", request.textVersion(), "source", actor.source()));
            });
        }).orElseThrow();
    }

    /** What a revoke did: the profile after it, and the channels whose consent it withdrew. */
    public record Revocation(Profile profile, List<Channel> revoked) {
    }

    /**
     * Withdraws consent for some channels, or all (empty set). When this returns, the vault no
     * longer resolves the user for them. Revoking every channel also destroys the vault entry and
     * clears the masked number. Empty when the user never opted in (nothing is stored for them).
     */
    public Optional<Revocation> revoke(String userId, Set<Channel> channels, Actor actor) {
        Set<Channel> targets = channels.isEmpty() ? ALL : channels;
        boolean all = targets.containsAll(ALL);
        List<Channel> revoked = new ArrayList<>();
        return change(userId, current -> {
            if (current.isEmpty()) {
                return null;
            }
            Profile before = current.get().profile();
            Instant now = clock.instant();
            Profile.Consent consent = before.consent();
            revoked.clear();
            boolean cancelled = false;
            for (Channel channel : sorted(targets)) {
                if (consent.of(channel).granted()) {
                    revoked.add(channel);
                }
                cancelled |= consent.of(channel).pending();
                consent = consent.with(channel, consent.of(channel).revoke(now, actor.source()));
            }
            boolean removesNumber = all && before.hasNumber();
            if (revoked.isEmpty() && !cancelled && !removesNumber) {
                // Nothing to withdraw: store nothing, but announce the current state again, so that
                // a retry after a failed announcement still reaches every stage.
                return Change.unchanged(before, () -> events.publish(before, "unchanged"));
            }
            long version = before.version() + 1;
            Profile next = all
                    ? new Profile(userId, ConsentStatus.REVOKED, null, null, null, null, consent, null, version, now,
                            null, null)
                    : new Profile(userId, consent.status(), before.maskedPhone(), before.regionCode(), before.timeZone(),
                            before.phoneIndex(), consent, DoubleOptIn.preferred(null, before.preferredChannel(), consent),
                            version, now, before.numberKey(), before.confirmation());
            VaultChange vault = all ? new VaultChange.Destroy() : new VaultChange.Keep();
            // Only a withdrawn channel is an opt-out: the dashboard counts revoked / keyword_stop.
            String change = !revoked.isEmpty() ? actor.byKeyword() ? "keyword_stop" : "revoked"
                    : cancelled ? "confirmation_cancelled" : "identifiers_removed";
            return new Change(next, vault, all ? before.phoneIndex() : null, null, () -> {
                events.publish(next, change);
                log.info("user {} revoked {} via {}{}", userId, names(revoked), actor.source(),
                        all ? "; number and key destroyed" : "");
                revoked.forEach(c -> events.countOptOut(c, actor.source()));
                events.auditForUser(userId, actor.name(), "consent.revoked", Map.of("channels", names(targets),
                        "revoked", names(revoked), "identifiersRemoved", Boolean.toString(all),
                        "source", actor.source()));
            });
        }).map(profile -> new Revocation(profile, List.copyOf(revoked)));
    }

    /**
     * The number's owner replied YES or a START-family word on {@code channel}: what was pending is
     * confirmed (the reply is the proof); otherwise, while the vault still holds the number, the
     * channel is opted in again. Empty when nothing changed.
     *
     * @param inboundMessageId the provider's id of the reply (its digest), recorded with the confirmation
     */
    public Optional<Profile> confirmOrResubscribe(String userId, Channel channel, String inboundMessageId, Actor actor) {
        return change(userId, current -> {
            Profile before = current.map(Stored::profile).orElse(null);
            Instant now = clock.instant();
            Optional<Profile> confirmed = DoubleOptIn.confirm(before, channel, inboundMessageId, now);
            if (confirmed.isPresent()) {
                Profile next = confirmed.get();
                List<Channel> granted = sorted(ALL).stream().filter(next::granted).filter(c -> !before.granted(c))
                        .toList();
                return new Change(next, new VaultChange.Keep(), null, null, () -> {
                    events.publish(next, "confirmed");
                    log.info("user {} confirmed {} by a reply on {}", userId, names(granted), channel.wireName());
                    granted.forEach(c -> events.countOptIn(c, actor.source()));
                    events.auditForUser(userId, actor.name(), "consent.confirmed", Map.of("channels", names(granted),
                            "replyChannel", channel.wireName(), "source", actor.source()));
                });
            }
            if (before == null || !before.hasNumber() || before.granted(channel)) {
                return null;
            }
            ChannelProof previous = before.consent().of(channel);
            String textVersion = previous.textVersion() == null ? "keyword" : previous.textVersion();
            Profile.Consent consent = before.consent().with(channel, previous.grant(now, textVersion, actor.source()));
            Profile next = new Profile(userId, consent.status(), before.maskedPhone(), before.regionCode(),
                    before.timeZone(), before.phoneIndex(), consent,
                    DoubleOptIn.preferred(null, before.preferredChannel(), consent), before.version() + 1, now,
                    before.numberKey(), before.confirmation());
            return new Change(next, new VaultChange.Keep(), null, null, () -> {
                events.publish(next, "resubscribed");
                log.info("user {} resubscribed to {} via {}", userId, channel.wireName(), actor.source());
                events.countOptIn(channel, actor.source());
                events.auditForUser(userId, actor.name(), "consent.resubscribed",
                        Map.of("channel", channel.wireName(), "source", actor.source()));
            });
        });
    }

    /**
     * Removes everything this service keeps about a user in Redis: profile, vault entry (and with
     * it the only copy of the data key), blind index entry. Publishes nothing.
     *
     * @return how many keys were deleted
     */
    public long forget(String userId) {
        return locks.with(userId, () -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Optional<Stored> current = store.read(userId);
                String phoneIndex = current.map(stored -> stored.profile().phoneIndex()).orElse(null);
                Optional<Long> deleted = store.write(userId, current.map(Stored::raw).orElse(null), null,
                        new VaultChange.Destroy(), phoneIndex, null);
                if (deleted.isPresent()) {
                    return deleted.get();
                }
            }
            throw busy();
        });
    }

    /** The number for one message on a consented channel, or a refusal (403 {@code no_consent}, 404 unknown). */
    public Resolved resolve(String userId, Channel channel) {
        return resolve(userId, channel, false);
    }

    /**
     * The number for one send, or a refusal (403 {@code no_consent}, 404 unknown).
     *
     * @param confirmation for the confirmation message, which goes only to a channel pending confirmation
     */
    public Resolved resolve(String userId, Channel channel, boolean confirmation) {
        Resolution resolution = store.resolve(userId, channel, confirmation);
        String outcome = switch (resolution) {
            case Resolution.Sealed sealed -> "ok";
            case Resolution.NoConsent none -> "no_consent";
            case Resolution.NoNumber none -> "no_number";
            case Resolution.Unknown unknown -> "unknown";
        };
        Counter.builder("sbme.vault.resolves").description("Vault lookups at send time, by outcome")
                .tag("channel", channel.wireName()).tag("outcome", outcome).register(meters).increment();
        return switch (resolution) {
            case Resolution.Sealed sealed -> new Resolved(cipher.open(userId, sealed.sealed()), sealed.maskedPhone());
            case Resolution.NoConsent none -> throw new ApiProblem(403, "Forbidden",
                    "The user has not consented to " + channel.wireName() + " messages.", Map.of("reason", "no_consent"));
            case Resolution.NoNumber none -> throw ApiProblem.notFound("The vault holds no number for this user.");
            case Resolution.Unknown unknown -> throw ApiProblem.notFound("No such user in the vault.");
        };
    }

    /** A resolved number. {@link #toString()} leaves the number out. */
    public record Resolved(String phone, String maskedPhone) {
        @Override
        public String toString() {
            return "Resolved[" + maskedPhone + "]";
        }
    }

    /**
     * Every user that holds a number (E.164), found through the blind index: the most recently
     * changed first, so that an ordinary message goes to the profile the number used last.
     */
    public List<String> usersByPhone(String e164) {
        return store.usersByPhoneIndex(index.ofPhone(e164)).stream()
                .map(store::read).flatMap(Optional::stream).map(Stored::profile)
                .sorted(Comparator.comparing(Profile::updatedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(Profile::userId).toList();
    }

    /**
     * A pending user's number and the channel their confirmation went on, for the demo's simulated
     * reply; empty when nothing waits for confirmation. Never leaves the service but to the sandbox.
     */
    public Optional<PendingNumber> pendingNumber(String userId) {
        Optional<Profile> profile = find(userId).filter(p -> p.confirmationChannel() != null);
        if (profile.isEmpty()) {
            return Optional.empty();
        }
        Channel channel = profile.get().confirmationChannel();
        return store.sealed(userId).map(sealed -> new PendingNumber(cipher.open(userId, sealed), channel));
    }

    /** A number waiting for its owner's confirmation, and the channel it was asked on. {@link #toString()} leaves the number out. */
    public record PendingNumber(String phone, Channel channel) {
        @Override
        public String toString() {
            return "PendingNumber[" + channel + "]";
        }
    }

    /** The most recently changed profiles, newest first. */
    public List<Profile> recent(int limit) {
        return store.recent(limit);
    }

    /** One computed change: the new profile, its vault and index effects, and what to announce once stored. */
    private record Change(Profile next, VaultChange vault, String releaseIndex, String claimIndex, Runnable announce,
                          boolean store) {

        Change(Profile next, VaultChange vault, String releaseIndex, String claimIndex, Runnable announce) {
            this(next, vault, releaseIndex, claimIndex, announce, true);
        }

        /** Nothing to store; the current profile stands and is announced again. */
        static Change unchanged(Profile current, Runnable announce) {
            return new Change(current, new VaultChange.Keep(), null, null, announce, false);
        }
    }

    /**
     * Computes and stores a change under the user's lock, retrying when another instance changed the
     * profile in between; then announces it. A null change means there was nothing to do.
     */
    private Optional<Profile> change(String userId, Function<Optional<Stored>, Change> compute) {
        return locks.with(userId, () -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Optional<Stored> current = store.read(userId);
                Change change = compute.apply(current);
                if (change == null) {
                    return Optional.empty();
                }
                if (!change.store()) {
                    change.announce().run();
                    return Optional.of(change.next());
                }
                if (store.write(userId, current.map(Stored::raw).orElse(null), change.next(), change.vault(),
                        change.releaseIndex(), change.claimIndex()).isPresent()) {
                    change.announce().run();
                    return Optional.of(change.next());
                }
            }
            throw busy();
        });
    }

    private static ApiProblem busy() {
        return new ApiProblem(409, "Conflict", "This profile is being changed concurrently; please retry.",
                Map.of("reason", "concurrent_change"));
    }

    private static List<Channel> sorted(Set<Channel> channels) {
        return channels.stream().sorted().toList();
    }

    private static String names(Collection<Channel> channels) {
        return channels.stream().sorted().map(Channel::wireName).collect(Collectors.joining(","));
    }
}
