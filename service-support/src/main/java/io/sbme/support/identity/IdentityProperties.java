package io.sbme.support.identity;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service checks the gateway's token.
 *
 * @param internalSecret the secret shared with the gateway ({@code SBME_INTERNAL_SECRET})
 * @param tokenTtl how long a minted token stays valid
 * @param publicPaths Ant-style paths that need no token (health, webhooks, the click redirect)
 */
@ConfigurationProperties("sbme.identity")
public record IdentityProperties(String internalSecret, Duration tokenTtl, List<String> publicPaths) {

    public IdentityProperties {
        tokenTtl = tokenTtl == null ? Duration.ofSeconds(60) : tokenTtl;
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}
