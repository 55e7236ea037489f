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
 * @param addressRatePerSecond sustained storefront, session and click-link requests per client address,
 *     whatever the cookies (they are free); generous enough for a shop's visitors behind one NAT
 * @param addressBurst such requests one client address may make at once
 * @param optInsPerAddressPerHour phone numbers one client address may submit per hour (and at once)
 * @param webhookRatePerSecond sustained webhook posts per client address (providers post from few addresses)
 * @param webhookBurst webhook posts one client address may make at once
 * @param maxBodySize the largest request body accepted
 * @param maxBatchBodySize the largest body accepted by the batch event endpoint
 * @param trustForwardedFor whether the first {@code X-Forwarded-For} entry is the client address
 */
@ConfigurationProperties("sbme.gateway")
public record GatewayProperties(String adminUser, String adminPassword, Duration adminSessionTtl,
                                int loginAttemptsPerMinute, int storefrontRatePerSecond, int storefrontBurst,
                                int addressRatePerSecond, int addressBurst, int optInsPerAddressPerHour,
                                int webhookRatePerSecond, int webhookBurst,
                                DataSize maxBodySize, DataSize maxBatchBodySize, boolean trustForwardedFor) {

    public GatewayProperties {
        adminUser = adminUser == null || adminUser.isBlank() ? "admin" : adminUser;
        adminSessionTtl = adminSessionTtl == null ? Duration.ofHours(8) : adminSessionTtl;
        loginAttemptsPerMinute = loginAttemptsPerMinute <= 0 ? 5 : loginAttemptsPerMinute;
        storefrontRatePerSecond = storefrontRatePerSecond <= 0 ? 20 : storefrontRatePerSecond;
        storefrontBurst = storefrontBurst <= 0 ? 40 : storefrontBurst;
        addressRatePerSecond = addressRatePerSecond <= 0 ? 50 : addressRatePerSecond;
        addressBurst = addressBurst <= 0 ? 200 : addressBurst;
        optInsPerAddressPerHour = optInsPerAddressPerHour <= 0 ? 20 : optInsPerAddressPerHour;
        webhookRatePerSecond = webhookRatePerSecond <= 0 ? 500 : webhookRatePerSecond;
        webhookBurst = webhookBurst <= 0 ? 1000 : webhookBurst;
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
        maxBatchBodySize = maxBatchBodySize == null ? DataSize.ofMegabytes(2) : maxBatchBodySize;
    }
}
