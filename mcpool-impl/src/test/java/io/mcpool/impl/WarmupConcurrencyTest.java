package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.FlushMode;
import io.mcpool.InvalidConfigException;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.spi.WarmupHook;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code warmupConcurrency} against a real test server: start-up and top-up open no more sessions at once than
 * it says, the floor is still reached, and the default opens the warm set at once.
 */
class WarmupConcurrencyTest {

    /** Counts how many sessions are being made at once: the hook runs inside each creation, after initialize. */
    private static final class InFlight implements WarmupHook {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final AtomicInteger made = new AtomicInteger();

        @Override
        public void warmUp(io.modelcontextprotocol.client.McpSyncClient client, io.mcpool.SessionKey key) {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(100); // a slow creation, so that creations would overlap if allowed to
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                now.decrementAndGet();
                made.incrementAndGet();
            }
        }
    }

    @Test
    void startUpAndTopUpOpenNoMoreAtOnceThanTheSettingAllows() {
        InFlight hook = new InFlight();
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(6).maxSessions(8).warmupConcurrency(2)
                        .warmupHook(hook).build())) {
            pool.start();
            assertEquals(6, pool.metrics().total(), "the whole floor at start-up");
            assertEquals(2, hook.most.get(), "two at a time at start-up");

            hook.most.set(0);
            pool.flush(FlushMode.IDLE); // every idle session closed; housekeeping refills the floor
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().idle() == 6);
            assertTrue(hook.most.get() <= 2 && hook.most.get() >= 1, "two at most while topping up: " + hook.most);
            assertEquals(12, hook.made.get());
        }
    }

    @Test
    void theDefaultOpensTheWarmSetAtOnceAndTheSettingMayChangeWhileThePoolRuns() {
        InFlight hook = new InFlight();
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(config(server).minSessions(4).maxSessions(8).warmupHook(hook).build())) {
            pool.start();
            assertEquals(4, hook.most.get(), "all four at once");
            hook.most.set(0);
            pool.reconfigure(pool.config().toBuilder().warmupConcurrency(1).minSessions(7).build());
            pool.flush(FlushMode.FILL);
            await().atMost(Duration.ofSeconds(20)).until(() -> pool.metrics().idle() == 7);
            assertEquals(1, hook.most.get(), "one at a time once set to 1");
        }
    }

    @Test
    void aValueOutsideZeroToMaxSessionsIsRefusedNamingTheSettingAndTheRange() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PoolConfig.builder()
                .endpoint("http://127.0.0.1:1/mcp").maxSessions(4).warmupConcurrency(5).build());
        assertTrue(e.getMessage().contains("warmupConcurrency") && e.getMessage().contains("between 0 and 4"),
                e.getMessage());
        assertThrows(InvalidConfigException.class, () -> PoolConfig.builder().endpoint("http://127.0.0.1:1/mcp")
                .warmupConcurrency(-1).build());
    }
}
