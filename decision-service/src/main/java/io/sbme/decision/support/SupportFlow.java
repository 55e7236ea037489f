package io.sbme.decision.support;

import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Flow;
import io.sbme.decision.Candidate;

/**
 * The support-reply rule: every support message gets an immediate acknowledgement. It is a
 * service message, not marketing: exempt from marketing caps and quiet hours, never from consent.
 */
public final class SupportFlow {

    private SupportFlow() {
    }

    public static Candidate candidate(CustomerEvent event) {
        return new Candidate(Flow.SUPPORT_REPLY, event.userId(), event.eventId(), event.eventId(), null, null,
                "support_acknowledgement", "Acknowledging the customer's support message at once.", false, "event",
                "/", null);
    }
}
