package io.mcpool.spi;

import java.time.Duration;

/**
 * Where a pool keeps the state of its rate limits and tenant caps. The default (no backend
 * configured) keeps it in the pool's own memory, so every limit holds per instance; a distributed
 * backend (Hazelcast, Redis: the {@code mcpool-cluster-*} modules) keeps it in a store that every
 * application instance shares, so one limit holds across all of them.
 *
 * <p>A backend is shared by the pools it is configured on and belongs to whoever built it: a pool
 * never closes it. Every method may be called from many threads at once. A method that cannot
 * reach the store throws {@link IllegalStateException} (or another runtime exception) promptly,
 * within the backend's own operation timeout, and the pool then applies its failure policy
 * ({@code PoolConfig.rateLimitBackendFailure}, {@code PoolConfig.tenantCapBackendFailure}).
 */
public interface LimitsBackend {

    /** @return a short name for logs, metrics and JMX, e.g. {@code hazelcast} */
    String name();

    /**
     * @return a short description of where the state lives, free of secrets (no passwords, no
     *     tokens), e.g. {@code hazelcast client of cluster 'dev'}
     */
    String describe();

    /**
     * The token bucket named {@code id}: every instance asking for the same id with the same rate
     * shares one bucket.
     *
     * @param id               the bucket's name, unique across pools and tenants (the pool builds it)
     * @param permitsPerSecond the refill rate (may be fractional)
     * @param burst            the bucket's capacity
     * @return a handle on the bucket; cheap to keep, not to be closed
     */
    RateBucket rateBucket(String id, double permitsPerSecond, int burst);

    /**
     * @return the store of leases the pool builds cluster-wide tenant caps on, or null when the backend
     *     keeps none (tenant caps then hold per instance)
     */
    LeaseStore leases();

    /** A token bucket, local or shared. */
    interface RateBucket {

        /**
         * Takes one permit if the bucket has one now.
         *
         * @return 0 when a permit was taken, otherwise the nanoseconds until one may be available
         */
        long tryTake();

        /**
         * Takes one permit, reserving it and waiting with {@code parker} if it comes within
         * {@code maxWaitNanos}.
         *
         * @return true when a permit was taken; false (nothing taken) when none comes in time
         * @throws InterruptedException when {@code parker} was interrupted
         */
        boolean take(long maxWaitNanos, Parker parker) throws InterruptedException;

        /** @return the permits available now (for dropping idle buckets of tenants) */
        long available();
    }

    /** How a waiting borrower waits: the pool's own parking, which its shutdown can wake. */
    @FunctionalInterface
    interface Parker {

        /**
         * @param nanos how long to wait
         * @throws InterruptedException when interrupted
         */
        void park(long nanos) throws InterruptedException;
    }

    /**
     * Named leases with a time to live: the primitive cluster-wide tenant caps are built on. A lease
     * whose holder stops renewing it (the instance died) expires after its time to live, so a slot is
     * never lost for good.
     */
    interface LeaseStore {

        /**
         * @return true when {@code name} was free and is now held by {@code holder} for {@code ttl};
         *     false when someone holds it
         */
        boolean claim(String name, String holder, Duration ttl);

        /** @return true when {@code holder} still held {@code name}, now for another {@code ttl} */
        boolean renew(String name, String holder, Duration ttl);

        /** Frees {@code name} if {@code holder} holds it; does nothing otherwise. */
        void free(String name, String holder);
    }
}
