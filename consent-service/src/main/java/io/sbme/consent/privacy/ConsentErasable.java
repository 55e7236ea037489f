package io.sbme.consent.privacy;

import io.sbme.consent.profile.Consents;
import io.sbme.support.privacy.Erasable;
import org.springframework.stereotype.Component;

/**
 * consent-service's own part of an erase request: whatever is left of the user in Redis (normally
 * nothing, the deletion removed it at once; but an opt-in may have raced the deletion). The
 * service-support erasure stage then acknowledges for consent-service.
 */
@Component
class ConsentErasable implements Erasable {

    private final Consents consents;

    ConsentErasable(Consents consents) {
        this.consents = consents;
    }

    @Override
    public long erase(String userId) {
        return userId == null ? 0 : consents.forget(userId);
    }
}
