package io.mcpool.it.weld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.event.PoolEvent;
import io.mcpool.it.McpServers;
import io.mcpool.manager.McpPoolManager;
import io.mcpool.manager.SelectionStrategy;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.StdioTestServer;
import io.mcpool.testkit.TestMcpServer;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One busy scenario full of secrets, then a search of everything the library shows for them: every
 * log line (all levels mcpool logs at, stack traces included), every {@code toString()}, exception
 * (messages, causes, suppressed), event, JMX attribute (the platform MBeanServer, registered by the
 * CDI extension through mcpool-jmx), MP Health payload and metric name or tag. Zero hits.
 *
 * <p>The secrets: a bearer token, an endpoint with user-info and a query token, a per-borrow
 * {@code Authorization} header, a stdio server started with {@code --token <value>} and an API key in
 * its environment (it prints both to stderr), and a hosted endpoint that carries its key in the path.
 * The scenario: eight callers through the manager with {@code FAILOVER} while the primary's server is
 * stopped, calls on the stdio pool, refused reconfigurations, an invalid URL.
 */
@ExtendWith({McpServers.class, ArquillianExtension.class})
class SecretsSweepTest {

    private static final String BEARER = "sweep-bearer-4e1d9c";
    private static final String URL_PASSWORD = "sweep-urlpass-7a2b";
    private static final String QUERY_TOKEN = "sweep-querytok-5c8e";
    private static final String BORROW_TOKEN = "sweep-borrowtok-0f6a";
    private static final String ARG_TOKEN = "sweep-argtok-3d7b";
    private static final String ENV_KEY = "sweep-envkey-9b1c";
    private static final String PATH_KEY = "sweep-pathkey-2e5f8a";
    private static final List<String> SECRETS = List.of(BEARER, URL_PASSWORD, QUERY_TOKEN, BORROW_TOKEN, ARG_TOKEN,
            ENV_KEY, PATH_KEY);

    private static final TestMcpServer PRIMARY = McpServers.start();
    private static final TestMcpServer BACKUP = McpServers.start();

    /** Log lines from before Weld boots the extension on, DEBUG included (where the stdio server's stderr goes). */
    private static final CapturedLog LOG = CapturedLog.install();

    @Deployment
    static JavaArchive deployment() {
        List<String> java = StdioTestServer.command();
        List<String> args = new ArrayList<>(List.of("-c",
                "echo \"starting with API_KEY=$API_KEY and token $2\" >&2; shift 2; exec \"$@\"", "sh", "--token",
                ARG_TOKEN));
        args.addAll(java);
        Map<String, String> config = new TreeMap<>();
        String primary = PRIMARY.endpoint().replace("http://", "http://bob:" + URL_PASSWORD + "@") + "?token=" + QUERY_TOKEN;
        // Pools are taken by the manager in name order: p1 is the primary.
        config.put("mcpool.p1-primary.endpoint", primary);
        config.put("mcpool.p1-primary.bearer-token", BEARER);
        config.put("mcpool.p1-primary.failure-threshold", "3");
        config.put("mcpool.p1-primary.max-sessions", "2");
        config.put("mcpool.p2-backup.endpoint", BACKUP.endpoint());
        config.put("mcpool.p3-stdio.transport", "STDIO");
        config.put("mcpool.p3-stdio.command", "/bin/sh");
        config.put("mcpool.p3-stdio.args", String.join(",", args));
        config.put("mcpool.p3-stdio.env.API_KEY", ENV_KEY);
        config.put("mcpool.p3-stdio.min-sessions", "1");
        config.put("mcpool.p4-hosted.endpoint", "http://127.0.0.1:1/mcp/" + PATH_KEY + "/sse");
        config.put("mcpool.p4-hosted.connect-timeout", "2s");
        return Archives.app(config, SecretsSweepTest.class)
                .addPackages(true, SmallRyeHealthReporter.class.getPackage());
    }

    @Inject
    McpPoolManager manager;

    @Inject
    @McpPoolName("p1-primary")
    McpPool primary;

    @Inject
    @McpPoolName("p3-stdio")
    McpPool stdio;

    @Inject
    SmallRyeHealthReporter health;

    @Inject
    MetricRegistry metrics;

    @Test
    void noSecretIsShownAnywhere() throws Exception {
        List<String> shown = new ArrayList<>();
        List<Throwable> thrown = new ArrayList<>();
        ConcurrentLinkedQueue<PoolEvent> seen = new ConcurrentLinkedQueue<>();
        manager.pools().forEach(p -> p.addListener(seen::add));

        // 1. Eight callers through the manager; the primary's server stops mid-run.
        BorrowOptions withToken = BorrowOptions.builder().header("Authorization", "Bearer " + BORROW_TOKEN)
                .header("X-Request-Id", "sweep").build();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            running.add(callers.submit(() -> {
                while (!stop.get()) {
                    try {
                        manager.callTool("echo", Map.of("message", "busy"), SelectionStrategy.FAILOVER, withToken);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
                .until(() -> PRIMARY.toolsCallCount() >= 50);
        PRIMARY.stop();
        int backupBefore = BACKUP.toolsCallCount();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
                .until(() -> BACKUP.toolsCallCount() >= backupBefore + 100);
        stop.set(true);
        for (Future<?> f : running) {
            f.get(1, TimeUnit.MINUTES);
        }
        callers.shutdown();
        thrown.addAll(failures);

        // 2. The stdio pool works (its server printed the secrets to stderr when it started).
        try (PooledSession s = stdio.borrow()) {
            shown.add(s.toString());
            s.callTool("echo", Map.of("message", "stdio"));
        }

        // 3. Refused reconfigurations and an invalid URL.
        PoolConfig stdioConfig = stdio.config();
        thrown.add(assertThrows(RuntimeException.class, () -> stdio.reconfigure(stdioConfig.toBuilder()
                .args(List.of("--token", ARG_TOKEN + "-2")).env(Map.of("API_KEY", ENV_KEY + "-2")).build())));
        thrown.add(assertThrows(RuntimeException.class, () -> primary.reconfigure(primary.config().toBuilder()
                .endpoint(PRIMARY.endpoint().replace("/mcp", "/mcp/" + PATH_KEY)).build())));
        thrown.add(assertThrows(RuntimeException.class, () -> PoolConfig.builder()
                .endpoint("http://bob:" + URL_PASSWORD + "@exa mple.com/mcp").build()));
        thrown.add(assertThrows(RuntimeException.class, () -> manager.get("p4-hosted").orElseThrow()
                .callTool("echo", Map.of("message", "down"))));

        // Everything that is shown.
        shown.add(manager.toString());
        shown.add(manager.metrics().toString());
        shown.add(manager.availability().toString());
        for (McpPool p : manager.pools()) {
            // The hosted pool cannot start: asking it tries again and throws, which is shown too.
            show(shown, thrown, p::toString);
            show(shown, thrown, () -> p.config().toString());
            show(shown, thrown, () -> p.config().redactedEndpoint());
            show(shown, thrown, () -> p.metrics().toString());
            show(shown, thrown, () -> p.debugSnapshot().toString());
        }
        shown.add(withToken.toString());
        seen.forEach(e -> shown.add(e.toString()));
        assertTrue(thrown.size() >= 5, "the hosted pool's failures and the refused changes: " + thrown.size());
        for (Throwable t : thrown) {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            shown.add(trace.toString());
        }
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        List<ObjectName> names = new ArrayList<>(mbeans.queryNames(new ObjectName("io.mcpool:*"), null));
        assertTrue(names.size() >= 3, "the CDI extension registered the pools in JMX: " + names);
        for (ObjectName name : names) {
            shown.add(name.toString());
            for (MBeanAttributeInfo a : mbeans.getMBeanInfo(name).getAttributes()) {
                try {
                    Object value = mbeans.getAttribute(name, a.getName());
                    shown.add(name + " " + a.getName() + "=" + (value instanceof Object[] array
                            ? Arrays.deepToString(array) : String.valueOf(value)));
                } catch (javax.management.MBeanException | javax.management.RuntimeMBeanException e) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    shown.add(trace.toString());
                }
            }
        }
        String readiness = health.getReadiness().getPayload().toString();
        String liveness = health.getLiveness().getPayload().toString();
        shown.add(readiness);
        shown.add(liveness);
        for (MetricID id : metrics.getMetricIDs()) {
            shown.add(id.getName() + id.getTags());
        }
        shown.addAll(LOG.lines());

        // The scenario really happened: failover, the stdio stderr line logged, a pool down in health.
        assertTrue(BACKUP.toolsCallCount() >= backupBefore + 100);
        assertTrue(readiness.contains("p4-hosted") && readiness.contains("DOWN"), readiness);
        assertTrue(LOG.lines().stream().anyMatch(l -> l.contains("starting with API_KEY=")),
                "the stdio server's stderr is logged");
        assertTrue(names.stream().filter(n -> "McpPool".equals(n.getKeyProperty("type"))).count() >= 3,
                "the started pools are in JMX: " + names);

        // The wire: the primary saw its own credentials; the backup never saw the borrower's token.
        for (RecordedRequest r : BACKUP.toolCalls()) {
            assertEquals(null, r.header("Authorization"), "the borrower's token followed the failover");
            assertEquals("sweep", r.header("X-Request-Id"), "other headers do follow");
        }
        assertTrue(PRIMARY.toolCalls().stream().anyMatch(r -> ("Bearer " + BORROW_TOKEN).equals(r.header("Authorization"))));

        List<String> hits = new ArrayList<>();
        for (String text : shown) {
            for (String secret : SECRETS) {
                if (text.contains(secret)) {
                    hits.add(secret + " in: " + text);
                }
            }
        }
        LOG.remove();
        assertEquals(List.of(), hits, hits.size() + " secrets shown");
        assertFalse(seen.isEmpty(), "events were seen");
    }

    private static void show(List<String> shown, List<Throwable> thrown, java.util.function.Supplier<String> what) {
        try {
            shown.add(what.get());
        } catch (RuntimeException e) {
            thrown.add(e);
        }
    }
}
