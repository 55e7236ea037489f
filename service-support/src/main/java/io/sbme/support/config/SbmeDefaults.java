package io.sbme.support.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code sbme-defaults.yml}, the settings every service shares, as the lowest-precedence
 * property source.
 *
 * <p>Why not {@code spring.config.import}: an imported file outranks the file that imports it, so a
 * service could not override a shared default in its own {@code application.yml}.
 */
public class SbmeDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "sbme-defaults.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        ClassPathResource resource = new ClassPathResource(RESOURCE, SbmeDefaults.class.getClassLoader());
        if (!resource.exists() || environment.getPropertySources().contains(RESOURCE)) {
            return;
        }
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(RESOURCE, resource)) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
