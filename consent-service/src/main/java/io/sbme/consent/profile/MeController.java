package io.sbme.consent.profile;

import io.sbme.consent.Callers;
import io.sbme.consent.phone.PhoneNumbers;
import io.sbme.support.identity.Caller;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The storefront user's own profile and consent. The user is the gateway-verified caller and
 * nobody else: no endpoint here takes a user id from the path or the body.
 */
@RestController
@RequestMapping("/api/v1/me")
class MeController {

    private final Consents consents;
    private final PhoneNumbers numbers;

    MeController(Consents consents, PhoneNumbers numbers) {
        this.consents = consents;
        this.numbers = numbers;
    }

    @GetMapping
    ProfileView me(Caller caller) {
        String userId = Callers.shopper(caller);
        return ProfileView.of(userId, consents.find(userId));
    }

    @PostMapping("/consent")
    ProfileView optIn(Caller caller, @RequestBody(required = false) OptIn.Request request) {
        String userId = Callers.shopper(caller);
        OptIn optIn = OptIn.of(request, numbers);
        return ProfileView.of(userId, Optional.of(consents.optIn(userId, optIn, Actor.shopper())));
    }

    /** Answers only once the revoke is in force (the vault refuses) and announced on consent-state. */
    @PostMapping("/consent/revoke")
    ProfileView revoke(Caller caller, @RequestBody(required = false) RevokeRequest request) {
        String userId = Callers.shopper(caller);
        var channels = Channels.parse(request == null ? null : request.channels(), "channels");
        return ProfileView.of(userId,
                consents.revoke(userId, channels, Actor.shopper()).map(Consents.Revocation::profile));
    }
}
