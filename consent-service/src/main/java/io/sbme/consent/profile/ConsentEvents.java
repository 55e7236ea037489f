package io.sbme.consent.profile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.consent.ConsentProperties;
import io.sbme.contracts.Channel;
import io.sbme.contracts.Topics;
import io.sbme.support.audit.AuditLog;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.web.ApiProblem;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Tells the rest of the system about consent changes: the {@code consent-state} record (waited for,
 * because other stages act on it), an audit entry, and the opt-in/opt-out counters.
 */
@Component
public class ConsentEvents {

    private final ContractPublisher publisher;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final ConsentProperties properties;

    ConsentEvents(ContractPublisher publisher, AuditLog audit, MeterRegistry meters, ConsentProperties properties) {
        this.publisher = publisher;
        this.audit = audit;
        this.meters = meters;
        this.properties = properties;
    }

    /**
     * Publishes the new state and waits for the broker.
     *
     * @throws ApiProblem 503 when Kafka did not acknowledge; the change itself is already in force
     */
    void publish(Profile profile, String change) {
        send(profile.userId(), profile.toState(change));
    }

    /** Publishes the tombstone that tells every stage a user was deleted. */
    public void tombstone(String userId) {
        send(userId, null);
    }

    private void send(String userId, Object state) {
        try {
            publisher.publishAndWait(Topics.CONSENT_STATE, userId, state, properties.publishTimeout());
        } catch (ContractPublisher.BrokerUnavailableException e) {
            throw new ApiProblem(503, "Service Unavailable",
                    "The change is stored but could not be announced to the other services yet; please retry.",
                    Map.of("reason", "broker_unavailable"));
        }
    }

    /** Audits an action about no user in particular (a deletion names its request, not the user). */
    public void audit(String actor, String action, String subject, Map<String, String> details) {
        audit.record(actor, action, subject, "ok", details);
    }

    void auditForUser(String userId, String actor, String action, Map<String, String> details) {
        audit.recordForUser(userId, actor, action, null, "ok", details);
    }

    void countOptIn(Channel channel, String source) {
        counter("sbme.consent.optins", "Channels opted in", channel, source).increment();
    }

    void countOptOut(Channel channel, String source) {
        counter("sbme.consent.optouts", "Channels opted out (revoke or STOP keyword)", channel, source).increment();
    }

    private Counter counter(String name, String description, Channel channel, String source) {
        return Counter.builder(name).description(description)
                .tag("channel", channel.wireName()).tag("source", source).register(meters);
    }
}
