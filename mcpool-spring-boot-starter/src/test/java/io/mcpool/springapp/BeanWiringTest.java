package io.mcpool.springapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolState;
import io.mcpool.event.PoolEvent;
import io.mcpool.spi.AuthProvider;
import io.mcpool.spi.PoolListener;
import io.mcpool.spring.McpPoolConfigCustomizer;
import io.mcpool.spring.McpPoolConfigurationException;
import io.mcpool.spring.McpPoolName;
import io.mcpool.testkit.TestMcpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Wiring that must fail clearly (two credentials for one pool, a customizer that breaks the
 * configuration) and a lazy pool's first use under contention.
 */
class BeanWiringTest {

    private static final String SECRET = "token-9c2e";

    /** Two unqualified credentials: which pool gets which is not for the starter to guess. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TwoCredentials {
        @Bean
        AuthProvider first() {
            return key -> Map.of("Authorization", "Bearer " + SECRET);
        }

        @Bean
        AuthProvider second() {
            return key -> Map.of("Authorization", "Bearer other");
        }
    }

    /** A customizer for pool "tools" that sets an impossible size. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BadCustomizer {
        @Bean
        @McpPoolName("tools")
        McpPoolConfigCustomizer tooBig() {
            return (pool, builder) -> builder.minSessions(5).maxSessions(2);
        }
    }

    /** Records the pool's start events. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Recording {
        final List<PoolEvent> started = new CopyOnWriteArrayList<>();

        @Bean
        PoolListener starts() {
            return event -> {
                if (event instanceof PoolEvent.PoolStarted) {
                    started.add(event);
                }
            };
        }
    }

    private static McpPoolConfigurationException startupFailure(Class<?> app, String... properties) {
        Exception e = assertThrows(Exception.class, () -> new SpringApplicationBuilder(app)
                .web(WebApplicationType.NONE).properties(properties).run().close());
        Throwable cause = e;
        while (!(cause instanceof McpPoolConfigurationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof McpPoolConfigurationException, "failed for another reason: " + e);
        return (McpPoolConfigurationException) cause;
    }

    @Test
    void twoCandidateCredentialsFailStartupNamingTheBeans() {
        String m = startupFailure(TwoCredentials.class, "mcpool.tools.endpoint=http://127.0.0.1:1/mcp").getMessage();
        assertTrue(m.contains("pool 'tools' has 2 unqualified AuthProvider beans [first, second]"), m);
        assertTrue(m.contains("@McpPoolName(\"<pool>\")"), m);
        assertFalse(m.contains(SECRET), m);
    }

    @Test
    void aCustomizerThatBreaksTheConfigurationFailsStartupNamingThePool() {
        String m = startupFailure(BadCustomizer.class, "mcpool.tools.endpoint=http://127.0.0.1:1/mcp",
                "mcpool.tools.bearer-token=" + SECRET).getMessage();
        assertTrue(m.contains("pool 'tools' after its beans and customizers"), m);
        assertTrue(m.contains("minSessions"), m);
        assertFalse(m.contains(SECRET), m);
    }

    /** Many threads use a lazy pool first at once, with random operations: one start, every call served. */
    @Test
    void aLazyPoolStartsOnceUnderContention() throws Exception {
        int threads = 16;
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(Recording.class)
                        .web(WebApplicationType.NONE)
                        .properties("mcpool.tools.endpoint=" + server.endpoint(), "mcpool.tools.lazy-start=true",
                                "mcpool.tools.min-sessions=2", "mcpool.tools.max-sessions=4")
                        .run()) {
            McpPool pool = context.getBean("tools", McpPool.class);
            assertEquals(PoolState.NEW, pool.state());
            assertEquals(0, server.initializeCount());
            CyclicBarrier together = new CyclicBarrier(threads);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    int n = i;
                    results.add(executor.submit(() -> {
                        together.await(10, TimeUnit.SECONDS);
                        return switch (ThreadLocalRandom.current().nextInt(3)) {
                            case 0 -> !pool.callTool("echo", Map.of("message", "m" + n)).isError();
                            case 1 -> !pool.listTools().isEmpty();
                            default -> {
                                try (var lease = pool.borrow()) {
                                    yield !lease.callTool("echo", Map.of("message", "l" + n)).isError();
                                }
                            }
                        };
                    }));
                }
                for (Future<Boolean> r : results) {
                    assertTrue(r.get(30, TimeUnit.SECONDS));
                }
            } finally {
                executor.shutdownNow();
            }
            assertEquals(PoolState.RUNNING, pool.state());
            assertEquals(1, context.getBean(Recording.class).started.size(), "started once");
            assertTrue(server.maxLiveSessions() <= 4, "within max-sessions: " + server.maxLiveSessions());
        }
    }
}
