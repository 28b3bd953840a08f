package io.mcpool.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where {@link PoolConfigReader} reads its keys: a small neutral view of a configuration system
 * (MicroProfile Config, Spring's {@code Environment}, plain maps), so that one mapping serves all.
 */
public interface PropertyLookup {

    /**
     * @param key a dotted key such as {@code mcpool.github.max-sessions}
     * @return its value as the configuration system resolves it (profiles, environment variables and
     *     source ordering applied), or empty when it is not set
     */
    Optional<String> value(String key);

    /**
     * @return the dotted keys of every source except the environment (keys of inactive profiles left
     *     out, keys of active profiles in their plain form); only those starting with {@code mcpool.} matter
     */
    Set<String> keys();

    /** @return the names of environment variables, e.g. {@code MCPOOL_GITHUB_ENDPOINT}; only {@code MCPOOL_*} matter */
    Set<String> environmentNames();

    /**
     * A lookup over plain maps, with environment variables found as MicroProfile Config finds them:
     * the key itself, then with every character that is not a letter or digit as {@code _}, then that
     * in upper case. An environment variable wins over a property.
     *
     * @param properties  dotted keys to values
     * @param environment environment variables, e.g. {@link System#getenv()}
     * @return the lookup
     */
    static PropertyLookup of(Map<String, String> properties, Map<String, String> environment) {
        Map<String, String> props = Map.copyOf(properties);
        Map<String, String> env = Map.copyOf(environment);
        return new PropertyLookup() {
            @Override
            public Optional<String> value(String key) {
                String sanitized = key.replaceAll("[^A-Za-z0-9]", "_");
                for (String candidate : new String[] {key, sanitized, BuilderProperty.envForm(key)}) {
                    String v = env.get(candidate);
                    if (v != null) {
                        return Optional.of(v);
                    }
                }
                return Optional.ofNullable(props.get(key));
            }

            @Override
            public Set<String> keys() {
                return new TreeSet<>(props.keySet());
            }

            @Override
            public Set<String> environmentNames() {
                return new TreeSet<>(env.keySet());
            }
        };
    }
}
