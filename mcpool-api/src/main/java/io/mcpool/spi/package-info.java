/**
 * Extension points: what an application plugs into a pool ({@link io.mcpool.spi.AuthProvider},
 * {@link io.mcpool.spi.TransportFactory}, {@link io.mcpool.spi.HealthProbe},
 * {@link io.mcpool.spi.WarmupHook}, {@link io.mcpool.spi.PoolListener}) and the
 * {@link io.mcpool.spi.McpPoolProvider} through which {@code mcpool-api} finds its implementation, and the
 * {@link io.mcpool.spi.ConfiguredAuthProviderFactory} through which an optional module turns configuration keys
 * into an {@code AuthProvider}.
 */
package io.mcpool.spi;
