package io.mcpool.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolState;
import io.mcpool.SessionCreationException;
import io.mcpool.event.PoolEvent;
import io.mcpool.testkit.TestMcpServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The extension in Weld SE, on a class path WITHOUT the MicroProfile Health and Metrics APIs (the
 * pom excludes them from this module's tests): nothing of those integrations loads and the pools work.
 * Also the pool life the extension manages: lazy start, a failed start retried on next use, shutdown.
 */
class WeldSeTest {

    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    /** Records events. */
    @ApplicationScoped
    static class Events {
        private final List<PoolEvent> seen = new CopyOnWriteArrayList<>();

        void on(@Observes PoolEvent e) {
            seen.add(e);
        }

        List<PoolEvent> seen() {
            return seen;
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** Boots Weld SE with a MicroProfile Config made of {@code config}, registered for a fresh class loader. */
    private WeldContainer boot(Map<String, String> config) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = new URLClassLoader(new URL[0], previous);
        ConfigProviderResolver.instance().registerConfig(TestConfigs.of(config), loader);
        Thread.currentThread().setContextClassLoader(loader);
        try {
            WeldContainer c = new Weld().disableDiscovery().addExtension(new McpPoolExtension()).addBeanClasses(Events.class).initialize();
            toClose.add(0, () -> {
                if (c.isRunning()) {
                    c.shutdown();
                }
            });
            return c;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private TestMcpServer server() {
        TestMcpServer s = TestMcpServer.builder().build().start();
        toClose.add(s);
        return s;
    }

    @Test
    void withoutTheHealthAndMetricsApisThePoolsWork() {
        assertFalse(Integrations.present(getClass().getClassLoader(), "org.eclipse.microprofile.health.HealthCheck"));
        assertFalse(Integrations.present(getClass().getClassLoader(), "org.eclipse.microprofile.metrics.MetricRegistry"));
        assertFalse(Integrations.present(getClass().getClassLoader(), JmxIntegration.JMX_CLASS));
        assertEquals(List.of(), Integrations.load(getClass().getClassLoader()));

        TestMcpServer server = server();
        WeldContainer c = boot(Map.of("mcpool.default.endpoint", server.endpoint()));
        McpPool pool = c.select(McpPool.class).get();
        assertTrue(pool.isReady());
        assertEquals("default", pool.name());
        assertFalse(pool.callTool("echo", Map.of("message", "x")).isError());
        assertTrue(c.select(Events.class).get().seen().stream().anyMatch(e -> e.type() == PoolEvent.Type.SESSION_BORROWED));
    }

    @Test
    void aLazyPoolStartsAtFirstUseAndShutsDownWithTheContainer() {
        TestMcpServer server = server();
        WeldContainer c = boot(Map.of("mcpool.lazy.endpoint", server.endpoint(), "mcpool.lazy.lazy-start", "true"));
        McpPool pool = c.select(McpPool.class, McpPoolName.Literal.of("lazy")).get();
        List<PoolEvent> events = c.select(Events.class).get().seen();
        assertFalse(pool.isStarted(), "observing does not start it");
        assertEquals(PoolState.NEW, pool.state());
        assertEquals(0, server.initializeCount());
        pool.listTools();
        assertTrue(pool.isStarted());
        assertEquals(PoolState.RUNNING, pool.state());
        assertEquals(1, server.initializeCount());
        c.shutdown();
        assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.PoolShutdown s && s.poolName().equals("lazy")),
                "stopped with the application: " + events);
    }

    @Test
    void aPoolWhoseStartFailedStartsAtTheNextUseOnceItsServerIsUp() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        WeldContainer c = boot(Map.of("mcpool.flaky.endpoint", "http://127.0.0.1:" + port + "/mcp",
                "mcpool.flaky.connect-timeout", "2s"));
        McpPool pool = c.select(McpPool.class).get();
        assertFalse(pool.isStarted(), "its server was down when the application started");
        assertThrows(SessionCreationException.class, () -> pool.callTool("echo", Map.of("message", "x")));

        TestMcpServer server = TestMcpServer.builder().port(port).build().start();
        toClose.add(server);
        assertFalse(pool.callTool("echo", Map.of("message", "x")).isError());
        assertTrue(pool.isReady());
        McpPools pools = c.select(McpPools.class).get();
        assertEquals(List.of("flaky"), List.copyOf(pools.names()));
        assertTrue(pools.get("flaky").isReady());
    }

    @Test
    void concurrentFirstUsesShareOneFailedStartInsteadOfQueueingTimeouts() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Accepts connections and never answers: every start attempt waits its whole connect timeout.
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            WeldContainer c = boot(Map.of("mcpool.silent.endpoint", "http://127.0.0.1:" + silent.getLocalPort() + "/mcp",
                    "mcpool.silent.connect-timeout", "2s", "mcpool.silent.retry-count", "0",
                    "mcpool.silent.lazy-start", "true"));
            McpPool pool = c.select(McpPool.class).get();
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Throwable>> outcomes = new java.util.ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    outcomes.add(callers.submit(() -> {
                        go.await();
                        try {
                            pool.listTools();
                            return null;
                        } catch (RuntimeException e) {
                            return e;
                        }
                    }));
                }
                go.countDown();
                for (Future<Throwable> f : outcomes) {
                    assertTrue(f.get(60, TimeUnit.SECONDS) instanceof SessionCreationException);
                }
            } finally {
                callers.shutdownNow();
            }
            assertTrue(held.size() <= 2, "callers waiting on a failing start share its failure; connections: " + held.size());
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void theApplicationMayShutAPoolDown() {
        TestMcpServer server = server();
        WeldContainer c = boot(Map.of("mcpool.one.endpoint", server.endpoint()));
        McpPool pool = c.select(McpPool.class).get();
        pool.shutdown();
        assertFalse(pool.isStarted());
        assertEquals(PoolState.CLOSED, pool.state());
        assertThrows(PoolClosedException.class, () -> pool.callTool("echo", Map.of("message", "x")));
    }

    /** SmallRye Config lists a profile's keys as written ({@code %dev.mcpool...}): the extension reads them per active profile. */
    @Test
    void aConfigProfileDefinesAPoolOnlyWhenItIsActive() {
        TestMcpServer server = server();
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "%dev.mcpool.local.endpoint", server.endpoint(),
                "%dev.mcpool.local.max-sessions", "2",
                "%prod.mcpool.other.endpoint", "http://localhost:1/mcp",
                "mcpool.local.graceful-degradation", "YES"));
        config.put("mp.config.profile", "dev");
        WeldContainer c = boot(config);
        McpPool pool = c.select(McpPool.class, McpPoolName.Literal.of("local")).get();
        assertEquals(2, pool.config().maxSessions());
        assertTrue(pool.config().gracefulDegradation());
        assertFalse(pool.callTool("echo", Map.of("message", "x")).isError());
        assertTrue(c.select(McpPool.class, McpPoolName.Literal.of("other")).isUnsatisfied(), "the prod profile is not active");
    }

    @Test
    void withoutItsProfileAProfilePoolDoesNotExist() {
        WeldContainer c = boot(Map.of("%dev.mcpool.local.endpoint", "http://localhost:1/mcp"));
        assertTrue(c.select(McpPool.class, McpPoolName.Literal.of("local")).isUnsatisfied());
    }

    @Test
    void aBooleanMicroProfileConfigWouldReadAsFalseFailsTheDeploymentNamingTheKey() {
        Exception e = assertThrows(Exception.class, () -> boot(Map.of(
                "mcpool.web.endpoint", "http://localhost:1/mcp", "mcpool.web.lazy-start", "ture")));
        assertTrue(e.getMessage().contains("mcpool.web.lazy-start=ture: must be true or false (also accepted: yes/no, on/off, 1/0, in any case)"),
                e.getMessage());
    }
}
