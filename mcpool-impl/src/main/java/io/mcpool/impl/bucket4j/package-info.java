/**
 * Not API: shared by mcpool's own modules (the core's local limits and the {@code mcpool-cluster-*}
 * backends), and free to change in any release. Applications use {@link io.mcpool.spi.LimitsBackend}.
 */
package io.mcpool.impl.bucket4j;
