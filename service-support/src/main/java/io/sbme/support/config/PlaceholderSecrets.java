package io.sbme.support.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start a service whose secrets are still {@code change-me} placeholders, as older
 * deployment files and copied examples carry them: anyone who read the repository
 * would know them, and could mint service tokens, sign webhooks or log in as admin.
 *
 * <p>Only values given from outside (environment variables) are checked: the local development
 * defaults in the services' own configuration apply when nothing is set, and the local launcher
 * sets every one of these to a random value.
 */
public class PlaceholderSecrets implements EnvironmentPostProcessor {

    /** Every secret setting the deployment files carry. */
    static final List<String> SECRETS = List.of("SBME_INTERNAL_SECRET", "SBME_ADMIN_PASSWORD", "SBME_INGEST_API_KEY",
            "SBME_LINK_SECRET", "SBME_TRACKING_ERASURE_KEY", "SBME_VAULT_MASTER_KEY", "SBME_WHATSAPP_APP_SECRET",
            "SBME_WHATSAPP_ACCESS_TOKEN", "SBME_WHATSAPP_VERIFY_TOKEN", "SBME_TWILIO_AUTH_TOKEN");

    private static final String PLACEHOLDER_MARK = "change-me";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(environment.getSystemEnvironment());
    }

    /** Throws, naming the setting to change, when any secret carries the shipped placeholder. */
    static void check(Map<String, Object> environment) {
        for (String name : SECRETS) {
            Object value = environment.get(name);
            if (value != null && value.toString().toLowerCase(Locale.ROOT).contains(PLACEHOLDER_MARK)) {
                throw new IllegalStateException(name + " is still the placeholder shipped with the deployment files;"
                        + " set it to a secret of your own before starting (e.g. openssl rand -hex 32)");
            }
        }
    }
}
