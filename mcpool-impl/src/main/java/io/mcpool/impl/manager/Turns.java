package io.mcpool.impl.manager;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPoolException;
import io.mcpool.PoolExhaustedException;
import io.mcpool.PooledSession;
import io.mcpool.manager.PoolAvailability;
import io.mcpool.manager.SelectionStrategy;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool's turn in a manager's borrow: borrows with what is left of the caller's budget, without
 * the caller's credentials when the pool is not the one they were given for, and gives up on the pool
 * as soon as its breaker opens (the caller is then released from the pool's wait).
 */
final class Turns {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultMcpPoolManager.class);

    private final String managerName;
    private final LongAdder failovers;

    Turns(String managerName, LongAdder failovers) {
        this.managerName = managerName;
        this.failovers = failovers;
    }

    /**
     * @param p        the pool whose turn it is
     * @param first    the manager's first pool ({@code FAILOVER}'s primary), or null
     * @param strategy the caller's strategy
     * @param options  the caller's options
     * @param budget   the caller's budget
     * @param attempts what happened so far
     * @return the lease, or null when the manager should try the next pool
     */
    PooledSession take(ManagedPool p, ManagedPool first, SelectionStrategy strategy, BorrowOptions options,
            Budget budget, Attempts attempts) {
        if (attempts.anyFailed()) {
            failovers.increment();
            LOG.debug("Manager '{}': failing over to pool '{}'", managerName, p.name());
        }
        // With FAILOVER the caller's credentials belong to the first pool; with the strategies that
        // spread calls they go to whichever pool is chosen, until one fails the call.
        boolean elsewhere = attempts.anyFailed() || (strategy == SelectionStrategy.FAILOVER && p != first);
        BorrowOptions these = FailoverRules.optionsFor(p.pool().config(), options, budget.remaining(p.pool()), elsewhere);
        Waiter waiter = p.enter();
        PooledSession lease;
        try {
            PoolAvailability now = p.availability();
            if (now != PoolAvailability.AVAILABLE) {
                p.leave(waiter);
                attempts.skipped(p, now);
                return null;
            }
            lease = these.timeout() == null ? p.pool().tryBorrow(these).orElse(null) : p.pool().borrow(these);
        } catch (RuntimeException e) {
            if (p.leave(waiter)) {
                attempts.failed(p, new McpPoolException("Manager '" + managerName + "': pool '" + p.name()
                        + "' opened its circuit breaker while the caller waited for a session; moved on", e));
                return null;
            }
            if (!FailoverRules.borrowMovesOn(e)) {
                throw attempts.rethrow(e);
            }
            attempts.failed(p, e);
            return null;
        }
        // A release that came after the lease was had: the lease is good, the interrupt is taken back.
        p.leave(waiter);
        if (lease == null) {
            attempts.failed(p, new PoolExhaustedException("Manager '" + managerName + "': pool '" + p.name()
                    + "' had no session free at once, and the caller's budget was spent on the pools before it"));
        }
        return lease;
    }
}
