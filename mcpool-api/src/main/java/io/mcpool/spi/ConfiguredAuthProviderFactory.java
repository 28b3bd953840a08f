package io.mcpool.spi;

import io.mcpool.InvalidConfigException;
import io.mcpool.PoolConfig;
import java.util.Map;

/**
 * Makes a pool's {@link AuthProvider} from configuration keys, so that MicroProfile Config and Spring Boot
 * applications get one from properties alone: the keys {@code mcpool.<pool>.<group>.*}, where
 * {@code <group>} is {@link #group()}. The configuration integrations find implementations with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.mcpool.spi.ConfiguredAuthProviderFactory});
 * {@code mcpool-oauth} provides the {@code oauth} group. Without an implementation of a group on the class
 * path, its keys are refused with a message naming the module to add.
 */
public interface ConfiguredAuthProviderFactory {

    /** @return the key group it reads, e.g. {@code oauth} for {@code mcpool.<pool>.oauth.*} */
    String group();

    /**
     * Makes the provider. Validates every key, and reports every problem at once: an unknown key, a value
     * that does not fit, a file that cannot be read.
     *
     * @param config     the pool's validated configuration, without an {@code AuthProvider} (its endpoint,
     *                   TLS and proxy settings apply to the provider's own requests too)
     * @param properties the group's keys without the {@code mcpool.<pool>.<group>.} prefix (e.g.
     *                   {@code client-id}), with their values
     * @return the provider
     * @throws InvalidConfigException whose violations name each refused key by that suffix (e.g.
     *     {@code client-secret}) and never show a secret value
     */
    AuthProvider create(PoolConfig config, Map<String, String> properties);
}
