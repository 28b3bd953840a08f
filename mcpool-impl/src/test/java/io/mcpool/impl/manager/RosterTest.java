package io.mcpool.impl.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.impl.DefaultMcpPool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WEIGHTED schedule: shares by weight, interleaved, reduced by the common divisor. */
class RosterTest {

    private final List<McpPool> created = new ArrayList<>();

    @AfterEach
    void close() {
        created.forEach(McpPool::shutdown);
    }

    private ManagedPool pool(String name, int weight) {
        // Never started: no connection is made.
        McpPool pool = new DefaultMcpPool(PoolConfig.builder().name(name).endpoint("http://127.0.0.1:1/mcp").build());
        created.add(pool);
        return new ManagedPool(name, pool, weight);
    }

    private static String names(List<ManagedPool> schedule) {
        return String.join(",", schedule.stream().map(ManagedPool::name).toList());
    }

    @Test
    void smoothWeightedRoundRobinInterleaves() {
        List<ManagedPool> pools = List.of(pool("a", 5), pool("b", 1), pool("c", 1));
        assertEquals("a,a,b,a,c,a,a", names(Roster.smoothWeightedSchedule(pools)));
    }

    @Test
    void weightsAreReducedByTheirGreatestCommonDivisor() {
        List<ManagedPool> pools = List.of(pool("a", 30), pool("b", 10));
        assertEquals("a,a,b,a", names(Roster.smoothWeightedSchedule(pools)));
    }

    @Test
    void equalWeightsAreRoundRobin() {
        List<ManagedPool> pools = List.of(pool("a", 7), pool("b", 7), pool("c", 7));
        assertEquals("a,b,c", names(Roster.smoothWeightedSchedule(pools)));
    }

    @Test
    void addingAndRemovingKeepsTheOrderAndTheSchedule() {
        ManagedPool a = pool("a", 1);
        ManagedPool b = pool("b", 2);
        Roster r = Roster.EMPTY.with(a).with(b);
        assertEquals(List.of(a, b), r.pools());
        assertEquals("b,a,b", names(r.schedule()));
        Roster without = r.without(a);
        assertEquals(List.of(b), without.pools());
        assertEquals("b", names(without.schedule()));
        assertEquals(Roster.EMPTY, without.without(b));
    }
}
