/**
 * What a pool tells its {@link io.mcpool.spi.PoolListener}s: one record per kind of
 * {@link io.mcpool.event.PoolEvent}, and why a session was closed ({@link io.mcpool.event.DestroyReason}).
 */
package io.mcpool.event;
