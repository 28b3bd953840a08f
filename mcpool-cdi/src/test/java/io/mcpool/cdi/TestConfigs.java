package io.mcpool.cdi;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Real SmallRye configs from maps: an application file (ordinal 100) and environment variables (300),
 * with SmallRye's default interceptors (config profiles, expressions), as an application server has them.
 */
final class TestConfigs {

    private TestConfigs() {
    }

    static Config of(Map<String, String> file) {
        return of(file, Map.of());
    }

    static Config of(Map<String, String> file, Map<String, String> env) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(file, "microprofile-config.properties", 100))
                .withSources(new EnvConfigSource(env, 300))
                .build();
    }
}
