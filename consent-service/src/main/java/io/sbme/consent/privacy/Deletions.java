package io.sbme.consent.privacy;

import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.consent.ConsentProperties;
import io.sbme.consent.profile.Actor;
import io.sbme.consent.profile.ConsentEvents;
import io.sbme.consent.profile.Consents;
import io.sbme.contracts.PrivacyRequest;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Deletes a user: the vault entry and its data key (crypto-shredding), blind index and profile go
 * at once; {@code consent-state} is tombstoned; an erase request goes to every service with
 * per-user state, whose confirmations the {@link PrivacyLedger} collects.
 *
 * <p>The audit entry names the request, never the user.
 */
@Service
public class Deletions {

    /** {@code requestedBy} of a deletion the user asked for themselves. */
    public static final String SELF = "self";

    private final Consents consents;
    private final ConsentEvents events;
    private final PrivacyLedger ledger;
    private final ContractPublisher publisher;
    private final ConsentProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    Deletions(Consents consents, ConsentEvents events, PrivacyLedger ledger, ContractPublisher publisher,
              ConsentProperties properties, MeterRegistry meters, Clock clock) {
        this.consents = consents;
        this.events = events;
        this.ledger = ledger;
        this.publisher = publisher;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * @param requestedBy {@link #SELF} or the admin's name
     * @return the erase request's id
     */
    public String delete(String userId, String requestedBy) {
        String requestId = "pr-" + UUID.randomUUID();
        Instant now = clock.instant();
        ledger.open(requestId, userId, requestedBy, now, properties.privacy().expectedServices());
        consents.forget(userId);
        events.tombstone(userId);
        try {
            publisher.publishAndWait(Topics.PRIVACY_REQUESTS, userId, new PrivacyRequest(PrivacyRequest.SCHEMA_VERSION,
                    requestId, userId, PrivacyRequest.ERASE, requestedBy, now), properties.publishTimeout());
        } catch (ContractPublisher.BrokerUnavailableException e) {
            throw new ApiProblem(503, "Service Unavailable", "The user's data here is deleted, but the erase request "
                    + "could not be sent to the other services yet; please retry.", Map.of("reason", "broker_unavailable"));
        }
        meters.counter("sbme.privacy.erase.requests", "requestedBy", SELF.equals(requestedBy) ? SELF : "admin")
                .increment();
        events.audit(SELF.equals(requestedBy) ? Actor.SHOPPER : requestedBy, "user.deleted", requestId,
                Map.of("requestedBy", SELF.equals(requestedBy) ? SELF : "admin"));
        return requestId;
    }

    /** The erase request that deleted this user id, if any. */
    public Optional<String> deletedBy(String userId) {
        return ledger.deletedBy(userId);
    }
}
