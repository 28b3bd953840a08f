package io.mcpool.spring;

import io.mcpool.config.PoolSettings;
import java.util.Map;

/**
 * Every configured pool's settings, by pool name, as read from the {@code mcpool.*} properties.
 *
 * @param pools the settings by pool name, in name order
 */
public record McpPoolSettings(Map<String, PoolSettings> pools) {

    /** @param pools the settings by pool name, in name order */
    public McpPoolSettings {
        pools = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pools));
    }
}
