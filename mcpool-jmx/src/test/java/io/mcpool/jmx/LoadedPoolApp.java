package io.mcpool.jmx;

import io.mcpool.McpPool;
import io.mcpool.testkit.TestMcpServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The application a remote JMX test (or JConsole) attaches to, run in its own JVM: a testkit MCP
 * server, a pool on it registered with {@link McpPoolJmx}, and {@code threads} callers that keep
 * calling the {@code slow} tool. Prints {@code READY} when it is under load; exits when its stdin
 * closes, so it never outlives the test that started it.
 *
 * <p>Arguments: pool name, min sessions, max sessions, load threads, tool call millis.
 */
public final class LoadedPoolApp {

    /** The probe's name. */
    static final String PROBE = "io.mcpool.test:type=LoadProbe";

    private LoadedPoolApp() {
    }

    /**
     * @param args pool name, min sessions, max sessions, load threads, tool call millis
     * @throws Exception when the server, pool or MBeans cannot start
     */
    public static void main(String[] args) throws Exception {
        String name = args[0];
        int min = Integer.parseInt(args[1]);
        int max = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        int millis = Integer.parseInt(args[4]);

        TestMcpServer server = TestMcpServer.builder().build().start();
        McpPool pool = McpPool.create(TestPools.config(server, name).minSessions(min).maxSessions(max)
                .borrowTimeout(Duration.ofSeconds(60)).bearerToken("demo-token-not-shown").build());
        McpPoolJmx.register(pool);
        McpPoolJmx.registerManager("default", () -> java.util.List.of(pool));
        pool.start();

        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ManagementFactory.getPlatformMBeanServer().registerMBean(
                new StandardMBean(new Probe(server, calls, failures), LoadProbeMXBean.class, true), new ObjectName(PROBE));
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        pool.callTool("slow", Map.of("millis", millis));
                        calls.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        System.err.println("call failed: " + e);
                    }
                }
            }, "load-" + i);
            t.setDaemon(true);
            t.start();
        }
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // Until the parent closes our stdin or dies.
        }
        Runtime.getRuntime().halt(0);
    }

    private record Probe(TestMcpServer server, AtomicLong calls, AtomicLong failures) implements LoadProbeMXBean {
        @Override
        public int getServerLiveSessions() {
            return server.liveSessions();
        }

        @Override
        public int getServerMaxLiveSessions() {
            return server.maxLiveSessions();
        }

        @Override
        public long getCalls() {
            return calls.get();
        }

        @Override
        public long getFailures() {
            return failures.get();
        }

        @Override
        public void resetServerMaxLiveSessions() {
            server.resetCounters();
        }
    }
}
