package io.mcpool.cdi;

import io.mcpool.config.PropertyLookup;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * MicroProfile Config seen through the shared mapping's {@link PropertyLookup}. Values come from
 * {@link Config#getOptionalValue} (profiles, environment variables and ordinals applied by the
 * implementation). Keys are listed per config source, without the environment; a key of a config
 * profile, {@code %dev.mcpool.github.endpoint}, is listed as {@code mcpool.github.endpoint} when
 * {@code dev} is an active profile ({@code mp.config.profile}, a comma-separated list in SmallRye
 * Config), so that a profile can define a pool, not only change one.
 */
final class MicroProfileLookup implements PropertyLookup {

    private static final String PROFILE = "mp.config.profile";
    private static final String SMALLRYE_PROFILE = "smallrye.config.profile";

    private final Config config;

    MicroProfileLookup(Config config) {
        this.config = config;
    }

    @Override
    public Optional<String> value(String key) {
        return config.getOptionalValue(key, String.class);
    }

    @Override
    public Set<String> keys() {
        Set<String> profiles = activeProfiles();
        Set<String> keys = new TreeSet<>();
        for (ConfigSource source : config.getConfigSources()) {
            Set<String> names = source.getPropertyNames();
            if (names.stream().anyMatch(n -> n.startsWith("MCPOOL_"))) {
                continue;
            }
            for (String name : names) {
                if (!name.startsWith("%")) {
                    keys.add(name);
                    continue;
                }
                int dot = name.indexOf('.');
                // Listed only when the implementation resolves it (it applies profiles to values).
                String plain = name.substring(dot + 1);
                if (dot > 1 && profiles.contains(name.substring(1, dot)) && value(plain).isPresent()) {
                    keys.add(plain);
                }
            }
        }
        return keys;
    }

    @Override
    public Set<String> environmentNames() {
        Set<String> names = new TreeSet<>();
        config.getPropertyNames().forEach(names::add);
        return names;
    }

    private Set<String> activeProfiles() {
        Set<String> profiles = new LinkedHashSet<>();
        for (String key : new String[] {PROFILE, SMALLRYE_PROFILE}) {
            config.getOptionalValue(key, String.class).ifPresent(v -> Arrays.stream(v.split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).forEach(profiles::add));
        }
        return profiles;
    }
}
