package io.sbme.gateway.admin;

import io.sbme.gateway.GatewayProperties;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The admin account from configuration; the password is kept only as a BCrypt hash made at
 * startup, so it does not linger in memory in clear beyond the property source.
 */
@Component
class AdminAccounts {

    private static final Logger log = LoggerFactory.getLogger(AdminAccounts.class);

    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();
    private final String username;
    private final String passwordHash;
    /** Compared against for unknown names, so a wrong name costs as long as a wrong password. */
    private final String decoyHash;

    AdminAccounts(GatewayProperties properties) {
        this.username = properties.adminUser();
        String password = properties.adminPassword();
        if (password == null || password.isBlank()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            log.warn("SBME_ADMIN_PASSWORD is not set: generated a random admin password that is not shown; "
                    + "set SBME_ADMIN_PASSWORD to be able to log in");
        }
        this.passwordHash = encoder.encode(password);
        this.decoyHash = encoder.encode("decoy-" + password);
    }

    /** Whether the pair names the admin; BCrypt runs off the event loop. */
    Mono<Boolean> matches(String name, String password) {
        return Mono.fromCallable(() -> {
            boolean knownName = MessageDigest.isEqual(name.getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
            boolean passwordOk = encoder.matches(password, knownName ? passwordHash : decoyHash);
            return knownName && passwordOk;
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
