package io.mcpool.impl.manager;

import io.mcpool.manager.PoolAvailability;
import io.mcpool.manager.SelectionStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order in which a manager tries its pools for one call, by {@link SelectionStrategy}. Rotation
 * cursors are atomic counters, read without a lock by every borrow.
 */
final class Selection {

    private final AtomicInteger rotation = new AtomicInteger();
    private final AtomicInteger weightedTurn = new AtomicInteger();

    /**
     * The available pools in the order {@code strategy} tries them; the others are recorded in
     * {@code attempts} as skipped.
     */
    List<ManagedPool> candidates(Roster r, SelectionStrategy strategy, Attempts attempts) {
        List<ManagedPool> available = new ArrayList<>(r.pools().size());
        for (ManagedPool p : r.pools()) {
            PoolAvailability a = p.availability();
            if (a == PoolAvailability.AVAILABLE) {
                available.add(p);
            } else {
                attempts.skipped(p, a);
            }
        }
        if (available.size() < 2) {
            return available;
        }
        return switch (strategy) {
            case FAILOVER -> available;
            case ROUND_ROBIN -> rotate(available, Math.floorMod(rotation.getAndIncrement(), available.size()));
            case LEAST_CONNECTIONS -> leastConnections(available);
            case WEIGHTED -> weighted(r, available);
        };
    }

    private List<ManagedPool> leastConnections(List<ManagedPool> available) {
        // Rotating before the stable sort breaks ties in turn, so idle pools share the work.
        List<ManagedPool> rotated = rotate(available, Math.floorMod(rotation.getAndIncrement(), available.size()));
        Map<ManagedPool, Integer> active = new IdentityHashMap<>();
        for (ManagedPool p : rotated) {
            active.put(p, p.pool().metrics().active());
        }
        List<ManagedPool> ordered = new ArrayList<>(rotated);
        ordered.sort(Comparator.comparingInt(active::get));
        return ordered;
    }

    private List<ManagedPool> weighted(Roster r, List<ManagedPool> available) {
        List<ManagedPool> schedule = r.schedule();
        int turn = Math.floorMod(weightedTurn.getAndIncrement(), schedule.size());
        // A skipped pool's turn goes to the next pool in the schedule that is available.
        for (int k = 0; k < schedule.size(); k++) {
            ManagedPool p = schedule.get((turn + k) % schedule.size());
            int index = available.indexOf(p);
            if (index >= 0) {
                return rotate(available, index);
            }
        }
        return available;
    }

    private static List<ManagedPool> rotate(List<ManagedPool> pools, int first) {
        if (first == 0) {
            return pools;
        }
        List<ManagedPool> rotated = new ArrayList<>(pools.size());
        rotated.addAll(pools.subList(first, pools.size()));
        rotated.addAll(pools.subList(0, first));
        return rotated;
    }
}
