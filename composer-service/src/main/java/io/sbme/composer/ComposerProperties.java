package io.sbme.composer;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Composer settings.
 *
 * @param linkSecret keys the tracking-link codes ({@code SBME_LINK_SECRET})
 * @param publicBaseUrl the gateway's public URL: tracking links and absolute image links start with it
 * @param smsSegmentLimit a template whose SMS renders to more segments is refused when saved
 * @param storeName the shop's name as shoppers know it ({@code SBME_STORE_NAME}), for {@code {store}}
 */
@ConfigurationProperties("sbme.composer")
public record ComposerProperties(String linkSecret, String publicBaseUrl, int smsSegmentLimit, String storeName) {

    public ComposerProperties {
        if (linkSecret == null || linkSecret.length() < 8) {
            throw new IllegalArgumentException("sbme.composer.link-secret must have at least 8 characters");
        }
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? "http://localhost:8080" : publicBaseUrl;
        smsSegmentLimit = smsSegmentLimit <= 0 ? 3 : smsSegmentLimit;
    }
}
