package io.mcpool.spring;

import io.mcpool.config.PropertyLookup;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Spring's {@link ConfigurableEnvironment} seen through the shared mapping's {@link PropertyLookup}:
 * values as the environment resolves them (profiles, property source order, environment variables
 * such as {@code MCPOOL_GITHUB_MAX_SESSIONS}, placeholders); keys from every enumerable property
 * source except the environment's.
 */
final class SpringPropertyLookup implements PropertyLookup {

    private final ConfigurableEnvironment environment;

    SpringPropertyLookup(ConfigurableEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Optional<String> value(String key) {
        return Optional.ofNullable(environment.getProperty(key));
    }

    @Override
    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof SystemEnvironmentPropertySource || !(source instanceof EnumerablePropertySource<?> e)) {
                continue;
            }
            for (String name : e.getPropertyNames()) {
                keys.add(name);
            }
        }
        return keys;
    }

    @Override
    public Set<String> environmentNames() {
        PropertySource<?> env = environment.getPropertySources()
                .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        Set<String> names = new TreeSet<>();
        if (env instanceof EnumerablePropertySource<?> e) {
            for (String name : e.getPropertyNames()) {
                names.add(name);
            }
        }
        return names;
    }
}
