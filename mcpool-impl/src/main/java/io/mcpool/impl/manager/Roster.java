package io.mcpool.impl.manager;

import java.util.ArrayList;
import java.util.List;

/**
 * The manager's pools at one moment, immutable: replaced as a whole on {@code add}/{@code remove},
 * read without a lock by every borrow. Also holds the smooth weighted round-robin schedule, computed
 * once per change instead of per borrow.
 */
final class Roster {

    static final Roster EMPTY = new Roster(List.of());

    private final List<ManagedPool> pools;
    private final List<ManagedPool> schedule;

    private Roster(List<ManagedPool> pools) {
        this.pools = List.copyOf(pools);
        this.schedule = smoothWeightedSchedule(this.pools);
    }

    List<ManagedPool> pools() {
        return pools;
    }

    /** @return the first pool added (the primary of {@code FAILOVER}), or null when there is none */
    ManagedPool first() {
        return pools.isEmpty() ? null : pools.get(0);
    }

    /** One cycle of {@code WEIGHTED} turns: each pool appears weight/gcd times, interleaved. */
    List<ManagedPool> schedule() {
        return schedule;
    }

    ManagedPool find(String name) {
        for (ManagedPool p : pools) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    Roster with(ManagedPool added) {
        List<ManagedPool> next = new ArrayList<>(pools);
        next.add(added);
        return new Roster(next);
    }

    Roster without(ManagedPool removed) {
        List<ManagedPool> next = new ArrayList<>(pools);
        next.remove(removed);
        return next.isEmpty() ? EMPTY : new Roster(next);
    }

    /**
     * nginx's smooth weighted round robin, unrolled into one cycle: every turn each pool gains its
     * weight, the richest is picked and pays the total. Weights 5,1,1 give a,a,b,a,c,a,a rather than
     * a,a,a,a,a,b,c.
     */
    static List<ManagedPool> smoothWeightedSchedule(List<ManagedPool> pools) {
        if (pools.isEmpty()) {
            return List.of();
        }
        int gcd = 0;
        for (ManagedPool p : pools) {
            gcd = gcd(gcd, p.weight());
        }
        int n = pools.size();
        int[] weights = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = pools.get(i).weight() / gcd;
            total += weights[i];
        }
        int[] current = new int[n];
        List<ManagedPool> cycle = new ArrayList<>(total);
        for (int turn = 0; turn < total; turn++) {
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            cycle.add(pools.get(best));
        }
        return List.copyOf(cycle);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
