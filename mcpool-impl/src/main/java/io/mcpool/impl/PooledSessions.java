package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.mcpool.SessionKey;
import io.mcpool.impl.commons.CommonsPoolAdapter;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * What Commons Pool's callbacks reach: creation and destruction by the {@link SessionFactory}, the
 * idle probe by the {@link HealthProber}, the eviction verdict by the housekeeping's rules.
 */
final class PooledSessions implements CommonsPoolAdapter.Sessions<ManagedSession, CreationRequest> {

    private final SessionFactory factory;
    private final HealthProber prober;
    private final Predicate<ManagedSession> shouldEvict;

    /** @return the Commons Pool settings that follow {@code c} */
    static CommonsPoolAdapter.Settings settings(PoolConfig c) {
        // With probes off, idle timeout and lifetime are still enforced, every 30 s.
        Duration evictionPeriod = c.healthCheckInterval().isZero() ? Duration.ofSeconds(30) : c.healthCheckInterval();
        return new CommonsPoolAdapter.Settings(c.maxSessionsPerKey(), c.borrowTimeout(), !c.healthCheckInterval().isZero(),
                evictionPeriod, c.abandonedTimeout());
    }

    PooledSessions(SessionFactory factory, HealthProber prober, Predicate<ManagedSession> shouldEvict) {
        this.factory = factory;
        this.prober = prober;
        this.shouldEvict = shouldEvict;
    }

    @Override
    public ManagedSession create(SessionKey key, CreationRequest request) throws Exception {
        return factory.create(key, request);
    }

    @Override
    public void destroy(ManagedSession session, boolean onCallersThread) {
        factory.destroy(session, onCallersThread);
    }

    @Override
    public boolean validate(ManagedSession session) {
        return prober.probe(session);
    }

    @Override
    public boolean shouldEvict(ManagedSession session) {
        return shouldEvict.test(session);
    }
}
