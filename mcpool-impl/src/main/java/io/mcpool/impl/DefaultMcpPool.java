package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.FlushMode;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;
import io.mcpool.PoolState;
import io.mcpool.PooledSession;
import io.mcpool.SessionInfo;
import io.mcpool.ToolMetrics;
import io.mcpool.impl.commons.CommonsPoolAdapter;
import io.mcpool.impl.transport.TransportBuilder;
import io.mcpool.spi.OperationInterceptor;
import io.mcpool.spi.PoolListener;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link McpPool} implementation: a facade that wires the pool's parts and passes each call to
 * the one whose job it is. The borrow and return path is the {@link Lender}'s; what a borrow needs
 * admitted, {@link Admission}'s; the decisions about a session, {@link SessionRules}; Commons Pool,
 * {@link CommonsPoolAdapter}; the warm floor, flushes and eviction, the {@link Housekeeper}'s; the
 * idle probe, the {@link HealthProber}'s; restarts, {@link Generations}; opening and closing
 * sessions, the {@link SessionFactory}'s; threads and the shared HTTP client, {@link PoolResources}.
 * No part knows this class.
 *
 * <p>Internal: applications use {@link McpPool#create(PoolConfig)}.
 */
public final class DefaultMcpPool implements McpPool {

    private volatile PoolConfig config;
    private final PoolLifecycle lifecycle;
    private final PoolStats stats = new PoolStats();
    private final PoolEvents events = new PoolEvents();
    private final Interceptors interceptors;
    private final PoolResources resources;
    private final CapacityGate capacity;
    private final Readiness readiness;
    private final Generations generations;
    private final LiveSessions live;
    private final CreationGuard guard;
    private final CommonsPoolAdapter<ManagedSession, CreationRequest> sessions;
    private final Housekeeper housekeeper;
    private final ToolListings tools;
    private final Admission admission;
    private final Lender lender;
    private final PoolCalls calls;
    private final MetricsReader metrics;
    private final Shutdown shutdown;
    private final Startup startup;

    /** @param config the validated configuration */
    public DefaultMcpPool(PoolConfig config) {
        this.config = config;
        String name = config.name();
        this.lifecycle = new PoolLifecycle(name);
        this.interceptors = new Interceptors(name, this::config);
        RateLimiter rateLimiter = new RateLimiter(config, stats, events, lifecycle::closedError);
        this.resources = new PoolResources(config, rateLimiter::serverAskedToWait);
        this.capacity = new CapacityGate(config.maxSessions(), this::slotReleased);
        this.readiness = new Readiness(name, events);
        this.generations = new Generations(name, this::config, stats, events, this::retireOldIdleInBackground);
        EraProbe eras = new EraProbe(name, config.protocol(), generations::current);
        ModernSessions modern = new ModernSessions(config, this::config, resources.handlesHttpClient());
        this.tools = new ToolListings(name, this::config, this::fetchToolsUpstream, eras::isStateless, events,
                new ListChangedStream(name, modern::sharedAsyncClient));
        this.live = new LiveSessions(name, stats, events, readiness, lifecycle, resources, generations::serverGone,
                tools::invalidate, this::sweepIdle, this::sessionDestroyed);
        this.guard = new CreationGuard(config, stats.retryAttempts::increment, events, this::serveWaitersSoon);
        SessionFactory factory = new SessionFactory(config, new TransportBuilder(config, this::config, resources.httpClient()), guard,
                capacity, generations::current, live, resources, interceptors, eras, modern, lifecycle);
        HealthProber prober = new HealthProber(name, this::config, lifecycle, resources, stats,
                session -> SessionRules.unlendable(session, generations.facts()));
        this.sessions = new CommonsPoolAdapter<>(new PooledSessions(factory, prober, this::shouldEvict), PooledSessions.settings(config));
        Retirer retirer = new Retirer(sessions, capacity, resources, lifecycle, live);
        this.housekeeper = new Housekeeper(name, this::config, lifecycle, sessions, capacity, retirer, live, generations,
                readiness, rateLimiter, resources, generations::facts);
        this.admission = new Admission(name, this::config, rateLimiter, lifecycle);
        LeakDetector leaks = new LeakDetector(name, resources.housekeeping(), () -> this.config.leakDetectionThreshold(),
                stats, events);
        this.lender = new Lender(name, this::config, lifecycle, admission, sessions, retirer, generations, readiness,
                leaks, stats, events, generations::facts, tools, guard::nextProbeNanos, interceptors);
        this.calls = new PoolCalls(name, this::config, lender);
        this.metrics = new MetricsReader(this::config, stats, tools, sessions, live, lender::lent, this::isReady,
                this::isDegraded, guard::state, this::isSuspended, admission, eras::era);
        this.shutdown = new Shutdown(name, this::config, lifecycle, resources, sessions, admission, lender, tools,
                capacity, events);
        this.startup = new Startup(name, this::config, lifecycle, sessions, housekeeper, readiness, resources, stats,
                events, metrics, this::reconfigure, this::shutdown);
    }

    private void retireOldIdleInBackground() {
        resources.runInBackground(housekeeper::retireUnlendableIdle);
    }

    private void serveWaitersSoon() {
        resources.runInBackground(housekeeper::serveWaiters);
    }

    private void sweepIdle() {
        housekeeper.sweepIdle();
    }

    private boolean shouldEvict(ManagedSession session) {
        return housekeeper.shouldEvict(session);
    }

    /** A session closed: keep the warm floor while running. */
    private void sessionDestroyed() {
        housekeeper.scheduleMaintenance();
    }

    /** A slot of maxSessions was freed: the last one a closed pool waited for releases its HTTP client. */
    private void slotReleased() {
        shutdown.releaseHttpClientWhenUnused();
    }

    @Override
    public void start() {
        startup.run();
    }

    @Override
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return readiness.await(timeout) && isReady();
    }

    @Override
    public boolean isReady() {
        return readiness.isReady() && lifecycle.isRunning();
    }

    @Override
    public boolean isStarted() {
        return lifecycle.isOpen();
    }

    @Override
    public PoolState state() {
        return lifecycle.state();
    }

    @Override
    public boolean isDegraded() {
        return readiness.isDegraded() && lifecycle.isOpen();
    }

    @Override
    public void suspend() {
        lifecycle.ensureOpen();
        admission.suspension().suspend();
    }

    @Override
    public void resume() {
        admission.suspension().resume();
    }

    @Override
    public boolean isSuspended() {
        return admission.suspension().isSuspended();
    }

    @Override
    public void shutdown() {
        shutdown.run();
    }

    @Override
    public PooledSession borrow(BorrowOptions options) {
        return lender.borrow(options);
    }

    @Override
    public Optional<PooledSession> tryBorrow(BorrowOptions options) {
        return lender.tryBorrow(options);
    }

    @Override
    public McpSchema.CallToolResult callTool(String name, Map<String, Object> arguments, BorrowOptions options,
            CallOptions callOptions) {
        return calls.callTool(name, arguments, options, callOptions);
    }

    @Override
    public CompletableFuture<McpSchema.CallToolResult> callToolAsync(String name, Map<String, Object> arguments,
            BorrowOptions options, CallOptions callOptions) {
        return calls.callToolAsync(name, arguments, options, callOptions);
    }

    @Override
    public List<McpSchema.Tool> listTools(BorrowOptions options) {
        lifecycle.ensureOpen();
        return tools.get(options);
    }

    private ListingCache.Answer<List<McpSchema.Tool>> fetchToolsUpstream(String tenant) {
        try (PooledSession session = lender.borrow(BorrowOptions.builder().tenant(tenant).build())) {
            return ((SessionLease) session).toolListing();
        }
    }

    @Override
    public void invalidateToolsCache() {
        tools.invalidate();
    }

    @Override
    public void resize(int minSessions, int maxSessions) {
        reconfigure(config.toBuilder().minSessions(minSessions).maxSessions(maxSessions).build());
    }

    @Override
    public synchronized void reconfigure(PoolConfig changed) {
        PoolConfig old = config;
        RuntimeChanges.checkOnlyRuntimePropertiesDiffer(old, changed);
        config = changed;
        capacity.max(changed.maxSessions());
        sessions.reconfigure(PooledSessions.settings(changed), lifecycle.state() != PoolState.NEW);
        tools.ttl(changed.toolCacheTtl());
        events.reconfigured(old, changed);
        if (lifecycle.isOpen()) {
            housekeeper.capacityChanged(old.maxSessions(), changed.maxSessions());
        }
    }

    @Override
    public void flush(FlushMode mode) {
        lifecycle.ensureOpen();
        housekeeper.flush(mode);
    }

    @Override
    public PoolMetrics metrics() {
        return metrics.read();
    }

    /** For tests in this package: Commons Pool's own counts. */
    CommonsPoolAdapter<ManagedSession, CreationRequest> commonsPool() {
        return sessions;
    }

    /** For tests in this package: the tenants' slots. */
    Admission admission() {
        return admission;
    }

    @Override
    public List<ToolMetrics> toolMetrics() {
        return stats.tools.snapshot();
    }

    @Override
    public List<SessionInfo> debugSnapshot() {
        return live.snapshot(System.nanoTime());
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public void addListener(PoolListener listener) {
        events.add(listener);
    }

    @Override
    public void removeListener(PoolListener listener) {
        events.remove(listener);
    }

    @Override
    public void addInterceptor(OperationInterceptor interceptor) {
        interceptors.add(interceptor);
    }

    @Override
    public void removeInterceptor(OperationInterceptor interceptor) {
        interceptors.remove(interceptor);
    }

    @Override
    public String toString() {
        return "McpPool{" + name() + ", " + config.transport() + " " + config.redactedEndpoint() + ", state="
                + lifecycle.state() + '}';
    }
}
