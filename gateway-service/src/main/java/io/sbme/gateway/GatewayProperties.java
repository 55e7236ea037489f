package io.sbme.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own settings (routes live under {@code spring.cloud.gateway.server.webflux}).
 *
 * @param adminUser the admin's login name ({@code SBME_ADMIN_USER})
 * @param adminPassword the admin's password in clear ({@code SBME_ADMIN_PASSWORD}); hashed at startup
 * @param adminSessionTtl how long an idle admin session lives (sliding)
 * @param loginAttemptsPerMinute login attempts allowed per client address and user name
 * @param storefrontRatePerSecond sustained storefront API requests per user (or address)
 * @param storefrontBurst storefront API requests a user may make at once
 * @param maxBodySize the largest request body accepted
 * @param maxBatchBodySize the largest body accepted by the batch event endpoint
 * @param trustForwardedFor whether the first {@code X-Forwarded-For} entry is the client address
 */
@ConfigurationProperties("sbme.gateway")
public record GatewayProperties(String adminUser, String adminPassword, Duration adminSessionTtl,
                                int loginAttemptsPerMinute, int storefrontRatePerSecond, int storefrontBurst,
                                DataSize maxBodySize, DataSize maxBatchBodySize, boolean trustForwardedFor) {

    public GatewayProperties {
        adminUser = adminUser == null || adminUser.isBlank() ? "admin" : adminUser;
        adminSessionTtl = adminSessionTtl == null ? Duration.ofHours(8) : adminSessionTtl;
        loginAttemptsPerMinute = loginAttemptsPerMinute <= 0 ? 5 : loginAttemptsPerMinute;
        storefrontRatePerSecond = storefrontRatePerSecond <= 0 ? 20 : storefrontRatePerSecond;
        storefrontBurst = storefrontBurst <= 0 ? 40 : storefrontBurst;
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
        maxBatchBodySize = maxBatchBodySize == null ? DataSize.ofMegabytes(2) : maxBatchBodySize;
    }
}
