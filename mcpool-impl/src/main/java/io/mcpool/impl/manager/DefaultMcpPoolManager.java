package io.mcpool.impl.manager;

import io.mcpool.BorrowOptions;
import io.mcpool.CallOptions;
import io.mcpool.McpPool;
import io.mcpool.McpPoolException;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolConfig;
import io.mcpool.PoolMetrics;
import io.mcpool.PooledSession;
import io.mcpool.impl.DefaultMcpPool;
import io.mcpool.manager.ManagerMetrics;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.PoolAvailability;
import io.mcpool.manager.SelectionStrategy;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link McpPoolManager} of {@code mcpool-impl}: an immutable roster of pools swapped on
 * {@code add}/{@code remove} under a lock, read without one by every borrow; rotation cursors are
 * atomic counters. See {@link McpPoolManager} for the rules and {@code docs/manager.md} for why.
 */
public final class DefaultMcpPoolManager implements McpPoolManager {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultMcpPoolManager.class);

    /** The same rule as pool names: the manager's name goes into JMX object names and logs. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The name a {@link PoolConfig} has when nobody named it ({@code PoolConfig.Builder#name}). */
    private static final String DEFAULT_POOL_NAME = "default";

    static final int MAX_WEIGHT = 100;

    private enum State { NEW, RUNNING, CLOSED }

    private final String name;
    private final Function<PoolConfig, McpPool> poolFactory;
    private final Object lifecycle = new Object();
    private volatile Roster roster = Roster.EMPTY;
    private volatile State state = State.NEW;
    private volatile long startedNanos;
    private final Selection selection = new Selection();
    private final LongAdder failovers = new LongAdder();
    private final Turns turns;
    private final LongAdder noPoolAvailable = new LongAdder();

    /**
     * @param name the manager's name, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}
     * @throws IllegalArgumentException when the name is not valid
     */
    public DefaultMcpPoolManager(String name) {
        this(name, DefaultMcpPool::new);
    }

    /** For tests: pools made by {@code poolFactory}. */
    DefaultMcpPoolManager(String name, Function<PoolConfig, McpPool> poolFactory) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("McpPoolManager name '" + name
                    + "' is not valid: use 1 to 64 of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
        this.name = name;
        this.poolFactory = Objects.requireNonNull(poolFactory, "poolFactory");
        this.turns = new Turns(name, failovers);
    }

    @Override
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- the roster

    @Override
    public McpPool add(String poolName, PoolConfig config, int weight) {
        Objects.requireNonNull(poolName, "name");
        Objects.requireNonNull(config, "config");
        checkWeight(poolName, weight);
        PoolConfig named = named(poolName, config);
        return enroll(poolName, () -> poolFactory.apply(named), weight);
    }

    @Override
    public McpPool adopt(McpPool pool, int weight) {
        Objects.requireNonNull(pool, "pool");
        checkWeight(pool.name(), weight);
        return enroll(pool.name(), () -> pool, weight);
    }

    private void checkWeight(String poolName, int weight) {
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("Manager '" + name + "': the weight of pool '" + poolName
                    + "' must be 1.." + MAX_WEIGHT + ", was " + weight);
        }
    }

    private McpPool enroll(String poolName, java.util.function.Supplier<McpPool> pool, int weight) {
        ManagedPool added;
        boolean startNow;
        synchronized (lifecycle) {
            if (state == State.CLOSED) {
                throw closedError();
            }
            if (roster.find(poolName) != null) {
                throw new IllegalArgumentException("Manager '" + name + "' already has a pool named '" + poolName
                        + "'; remove(\"" + poolName + "\") it first or choose another name");
            }
            added = new ManagedPool(poolName, pool.get(), weight);
            roster = roster.with(added);
            startNow = state == State.RUNNING;
        }
        if (startNow) {
            try {
                added.start();
            } catch (RuntimeException e) {
                synchronized (lifecycle) {
                    roster = roster.without(added);
                }
                added.shutdown();
                throw e;
            }
        }
        LOG.info("Manager '{}': added pool '{}' (weight {}){}", name, poolName, weight, startNow ? ", started" : "");
        return added.pool();
    }

    private PoolConfig named(String poolName, PoolConfig config) {
        if (config.name().equals(poolName)) {
            return config;
        }
        if (!config.name().equals(DEFAULT_POOL_NAME)) {
            throw new IllegalArgumentException("Manager '" + name + "': pool '" + poolName
                    + "' was given a configuration named '" + config.name() + "'; a pool has one name in the "
                    + "manager, its logs and JMX: add it as '" + config.name() + "' or leave the configuration unnamed");
        }
        return config.toBuilder().name(poolName).build();
    }

    @Override
    public boolean remove(String poolName) {
        Objects.requireNonNull(poolName, "name");
        ManagedPool removed;
        synchronized (lifecycle) {
            removed = roster.find(poolName);
            if (removed == null) {
                return false;
            }
            roster = roster.without(removed);
        }
        removed.shutdown();
        LOG.info("Manager '{}': removed pool '{}' and shut it down", name, poolName);
        return true;
    }

    @Override
    public Optional<McpPool> get(String poolName) {
        ManagedPool p = roster.find(poolName);
        return p == null ? Optional.empty() : Optional.of(p.pool());
    }

    @Override
    public List<String> names() {
        return roster.pools().stream().map(ManagedPool::name).toList();
    }

    @Override
    public List<McpPool> pools() {
        return roster.pools().stream().map(ManagedPool::pool).toList();
    }

    @Override
    public Map<String, PoolAvailability> availability() {
        Map<String, PoolAvailability> all = new LinkedHashMap<>();
        for (ManagedPool p : roster.pools()) {
            all.put(p.name(), p.availability());
        }
        return Collections.unmodifiableMap(all);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void start() {
        List<ManagedPool> toStart;
        synchronized (lifecycle) {
            if (state == State.CLOSED) {
                throw closedError();
            }
            if (state == State.RUNNING) {
                return;
            }
            state = State.RUNNING;
            startedNanos = System.nanoTime();
            toStart = roster.pools();
        }
        Map<ManagedPool, RuntimeException> failed = inParallel("start", toStart, ManagedPool::start);
        failed.forEach((pool, e) -> LOG.warn("Manager '{}': pool '{}' failed to start and is skipped until it is "
                + "removed and added again: {}", name, pool.name(), FailoverRules.describe(e)));
        if (!toStart.isEmpty() && failed.size() == toStart.size()) {
            StringBuilder message = new StringBuilder("Manager '").append(name).append("': none of its ")
                    .append(toStart.size()).append(" pools started: ");
            List<String> reasons = new ArrayList<>();
            failed.forEach((pool, e) -> reasons.add("'" + pool.name() + "': " + FailoverRules.describe(e)));
            message.append(String.join("; ", reasons))
                    .append(". Check the servers, or give the pools gracefulDegradation to start degraded and recover");
            McpPoolException none = new McpPoolException(message.toString());
            failed.values().forEach(none::addSuppressed);
            throw none;
        }
        LOG.info("Manager '{}' started: {} of {} pools started", name, toStart.size() - failed.size(), toStart.size());
    }

    @Override
    public boolean isStarted() {
        return state == State.RUNNING;
    }

    @Override
    public void shutdown() {
        List<ManagedPool> toStop;
        synchronized (lifecycle) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            toStop = roster.pools();
        }
        inParallel("shutdown", toStop, ManagedPool::shutdown).forEach((pool, e) -> LOG.warn("Manager '{}': shutting pool '{}' down failed: {}", name, pool.name(),
                FailoverRules.describe(e)));
        LOG.info("Manager '{}' shut down ({} pools)", name, toStop.size());
    }

    @Override
    public void close() {
        shutdown();
    }

    /**
     * Runs {@code action} on every pool at once, so that N pools start (or drain) in the time of the
     * slowest rather than of all together, and waits for all of them.
     *
     * @return the pools whose action threw, with what
     */
    private Map<ManagedPool, RuntimeException> inParallel(String what, List<ManagedPool> pools,
            Consumer<ManagedPool> action) {
        Map<ManagedPool, RuntimeException> failed = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (ManagedPool p : pools) {
            Runnable run = () -> {
                try {
                    action.accept(p);
                } catch (RuntimeException e) {
                    failed.put(p, e);
                }
            };
            if (pools.size() == 1) {
                run.run();
            } else {
                Thread t = new Thread(run, "mcpool-manager-" + name + "-" + what + "-" + p.name());
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    // Starting and draining are bounded by the pools' own timeouts: finish, then
                    // hand the interrupt back.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Map<ManagedPool, RuntimeException> inOrder = new LinkedHashMap<>();
        for (ManagedPool p : pools) {
            RuntimeException e = failed.get(p);
            if (e != null) {
                inOrder.put(p, e);
            }
        }
        return inOrder;
    }

    // ---------------------------------------------------------------- borrowing

    @Override
    public PooledSession borrow(SelectionStrategy strategy, BorrowOptions options) {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(options, "options");
        ensureRunning();
        Attempts attempts = new Attempts(name, "a borrow (" + strategy + ")");
        Budget budget = new Budget(options);
        for (ManagedPool p : selection.candidates(roster, strategy, attempts)) {
            PooledSession lease = turns.take(p, roster.first(), strategy, options, budget, attempts);
            if (lease != null) {
                return lease;
            }
        }
        throw noneServed(attempts);
    }

    @Override
    public McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments, SelectionStrategy strategy,
            BorrowOptions options, CallOptions callOptions) {
        ManagerCall call = newCall(tool, strategy, options, callOptions);
        ensureRunning();
        for (ManagedPool p : selection.candidates(roster, strategy, call.attempts())) {
            PooledSession lease = call.lease(p, roster.first(), turns);
            if (lease == null) {
                continue;
            }
            try (lease) {
                return lease.callTool(tool, arguments, call.remaining());
            } catch (RuntimeException e) {
                call.failed(p, e);
            }
        }
        throw noneServed(call.attempts());
    }

    @Override
    public CompletableFuture<McpSchema.CallToolResult> callToolAsync(String tool, Map<String, Object> arguments,
            SelectionStrategy strategy, BorrowOptions options, CallOptions callOptions) {
        ManagerCall call = newCall(tool, strategy, options, callOptions);
        try {
            ensureRunning();
            return call.async(selection.candidates(roster, strategy, call.attempts()).iterator(), roster.first(),
                    turns, arguments, () -> noneServed(call.attempts()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ManagerCall newCall(String tool, SelectionStrategy strategy, BorrowOptions options,
            CallOptions callOptions) {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(callOptions, "callOptions");
        return new ManagerCall(name, tool, strategy, options, callOptions);
    }

    /** Every pool failed or was skipped; if the manager was shut down meanwhile, that is the reason. */
    private RuntimeException noneServed(Attempts attempts) {
        if (state == State.CLOSED) {
            return attempts.rethrow(closedError());
        }
        noPoolAvailable.increment();
        return attempts.exhausted();
    }

    // ---------------------------------------------------------------- tools and observation

    @Override
    public List<McpSchema.Tool> listTools(String poolName) {
        Objects.requireNonNull(poolName, "pool");
        ManagedPool p = roster.find(poolName);
        if (p == null) {
            throw new IllegalArgumentException("Manager '" + name + "' has no pool named '" + poolName + "'; it has "
                    + names());
        }
        return p.pool().listTools();
    }

    @Override
    public ManagerMetrics metrics() {
        Map<String, PoolMetrics> perPool = new LinkedHashMap<>();
        Map<String, PoolAvailability> availability = new LinkedHashMap<>();
        int available = 0;
        for (ManagedPool p : roster.pools()) {
            PoolAvailability a = p.availability();
            try {
                perPool.put(p.name(), p.pool().metrics());
            } catch (RuntimeException cannotStart) {
                // A pool that starts on first use (CDI) and cannot start now has no metrics; its
                // availability still says where it stands.
                LOG.debug("Manager '{}': no metrics from pool '{}': {}", name, p.name(), FailoverRules.describe(cannotStart));
            }
            availability.put(p.name(), a);
            if (a == PoolAvailability.AVAILABLE) {
                available++;
            }
        }
        long started = startedNanos;
        Duration uptime = started == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
        return new ManagerMetrics(name, CombinedMetrics.combine(perPool.values(), uptime), perPool, availability,
                available, failovers.sum(), noPoolAvailable.sum());
    }

    // ---------------------------------------------------------------- helpers

    private void ensureRunning() {
        State s = state;
        if (s == State.NEW) {
            throw new IllegalStateException("Manager '" + name + "' is not started; call start() first");
        }
        if (s == State.CLOSED) {
            throw closedError();
        }
    }

    private PoolClosedException closedError() {
        return new PoolClosedException("Manager '" + name + "' is shut down; create a new manager");
    }

    @Override
    public String toString() {
        return "McpPoolManager{" + name + ", " + state + ", pools=" + names() + '}';
    }
}
