package io.mcpool.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Through the JDK's JMX RMI connector, as JConsole uses it: a pool under load in another JVM is read,
 * resized and checked remotely; a {@code readonly} user can read but not change it.
 */
class RemoteJmxTest {

    private static final ObjectName POOL = McpPoolJmx.objectName("remote");
    private static final int LOAD_THREADS = 8;

    private static JmxAgentJvm child;
    private static ObjectName probe;

    @BeforeAll
    static void startChild() throws Exception {
        child = JmxAgentJvm.start("remote", "1", "2", String.valueOf(LOAD_THREADS), "20");
        probe = new ObjectName(LoadedPoolApp.PROBE);
    }

    @AfterAll
    static void stopChild() throws Exception {
        ProcessHandle handle = child.process().toHandle();
        child.close();
        assertFalse(handle.isAlive(), "the child JVM is gone");
    }

    @Test
    void resizeUnderLoadTakesEffectAndTheNewLimitsHold() throws Exception {
        try (JMXConnector connector = child.connect(JmxAgentJvm.OPERATOR, JmxAgentJvm.OPERATOR_PASSWORD)) {
            MBeanServerConnection remote = connector.getMBeanServerConnection();

            // Saturated at the configured cap: 2 sessions lent, the other callers waiting.
            await().atMost(Duration.ofSeconds(30)).until(() -> (int) remote.getAttribute(POOL, "ActiveSessions") == 2
                    && (int) remote.getAttribute(POOL, "Waiters") > 0);
            assertEquals(2, remote.getAttribute(probe, "ServerMaxLiveSessions"));
            report(remote, "before resize");

            remote.invoke(POOL, "resize", new Object[] {2, 5}, new String[] {"int", "int"});
            assertEquals(5, remote.getAttribute(POOL, "MaxSessions"));
            await().atMost(Duration.ofSeconds(30)).until(() -> (int) remote.getAttribute(probe, "ServerLiveSessions") == 5);
            String grown = report(remote, "after resize(2, 5)");
            assertEquals(5, remote.getAttribute(probe, "ServerMaxLiveSessions"),
                    () -> "never above the new cap; " + grown + "\nchild stderr:\n" + child.stderr());
            assertEquals(5, remote.getAttribute(POOL, "TotalSessions"));

            CompositeData[] rows = (CompositeData[]) remote.invoke(POOL, "debugSnapshot", null, null);
            assertEquals(5, rows.length);
            for (CompositeData row : rows) {
                assertTrue(Set.of("IDLE", "LENT", "VALIDATING").contains((String) row.get("state")), row.toString());
                assertEquals("", row.get("tenant"));
            }
            assertTrue(Arrays.stream(rows).anyMatch(r -> "LENT".equals(r.get("state"))));
            assertTrue(OpenValues.onlyJdkClasses(rows));

            // Shrink with the attribute, as JConsole's Attributes tab does: surplus sessions close when returned.
            remote.setAttribute(POOL, new Attribute("MaxSessions", 3));
            await().atMost(Duration.ofSeconds(30)).until(() -> (int) remote.getAttribute(probe, "ServerLiveSessions") <= 3
                    && (int) remote.getAttribute(POOL, "TotalSessions") <= 3);
            remote.invoke(probe, "resetServerMaxLiveSessions", null, null);
            long calls = (long) remote.getAttribute(probe, "Calls");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> (int) remote.getAttribute(POOL, "TotalSessions") <= 3);
            assertEquals(3, remote.getAttribute(probe, "ServerMaxLiveSessions"), "saturated at the new cap, never above");
            assertTrue((long) remote.getAttribute(probe, "Calls") > calls + 50, "the load kept being served");
            assertEquals(0L, remote.getAttribute(probe, "Failures"));
            assertEquals(0L, remote.getAttribute(POOL, "BorrowTimeouts"));
            report(remote, "after MaxSessions=3");

            CompositeData metrics = (CompositeData) remote.invoke(POOL, "metricsSnapshot", null, null);
            assertEquals(3, metrics.get("maxSessions"));
            assertTrue((long) metrics.get("sessionsDestroyed") >= 2, "the surplus was closed: " + metrics);
        }
    }

    /** Prints what the pool and the server say now, and returns it for assertion messages. */
    private static String report(MBeanServerConnection remote, String when) throws Exception {
        String state = String.format("%s: active=%s idle=%s total=%s waiters=%s max=%s created=%s destroyed=%s "
                + "creationFailures=%s errors=%s serverLive=%s serverMaxLive=%s calls=%s failures=%s avgWaitMs=%.2f",
                when, remote.getAttribute(POOL, "ActiveSessions"), remote.getAttribute(POOL, "IdleSessions"),
                remote.getAttribute(POOL, "TotalSessions"), remote.getAttribute(POOL, "Waiters"),
                remote.getAttribute(POOL, "MaxSessions"), remote.getAttribute(POOL, "SessionsCreated"),
                remote.getAttribute(POOL, "SessionsDestroyed"), remote.getAttribute(POOL, "CreationFailures"),
                remote.getAttribute(POOL, "Errors"), remote.getAttribute(probe, "ServerLiveSessions"),
                remote.getAttribute(probe, "ServerMaxLiveSessions"), remote.getAttribute(probe, "Calls"),
                remote.getAttribute(probe, "Failures"), (double) remote.getAttribute(POOL, "AvgBorrowWaitMillis"));
        System.out.println(state);
        return state;
    }

    @Test
    void aRefusedValueCarriesItsMessageAcrossTheConnector() throws Exception {
        try (JMXConnector connector = child.connect(JmxAgentJvm.OPERATOR, JmxAgentJvm.OPERATOR_PASSWORD)) {
            MBeanServerConnection remote = connector.getMBeanServerConnection();
            int before = (int) remote.getAttribute(POOL, "MaxSessions");
            RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                    () -> remote.setAttribute(POOL, new Attribute("MaxSessions", 0)));
            assertEquals(IllegalArgumentException.class, e.getTargetException().getClass());
            assertTrue(e.getTargetException().getMessage().startsWith("MaxSessions=0 refused: Invalid configuration "
                    + "for mcpool 'remote': maxSessions=0: must be between 1 and 10000"), e.getTargetException().getMessage());
            assertEquals(before, remote.getAttribute(POOL, "MaxSessions"));
        }
    }

    @Test
    void theReadonlyUserCanReadButNotChangeThePool() throws Exception {
        try (JMXConnector connector = child.connect(JmxAgentJvm.READONLY, JmxAgentJvm.READONLY_PASSWORD)) {
            MBeanServerConnection remote = connector.getMBeanServerConnection();
            Map<String, Object> values = OpenValues.readAll(remote, POOL);
            assertEquals(PoolMXBeanTest.ATTRIBUTES, values.keySet());
            assertEquals("remote", values.get("Name"));
            int max = (int) values.get("MaxSessions");

            assertThrows(SecurityException.class, () -> remote.invoke(POOL, "resize", new Object[] {1, 9},
                    new String[] {"int", "int"}));
            assertThrows(SecurityException.class, () -> remote.setAttribute(POOL, new Attribute("MaxSessions", 9)));
            assertThrows(SecurityException.class, () -> remote.invoke(POOL, "softEvictSessions", null, null));
            // The JDK's access file allows a readonly user no operation at all, even one that only reads.
            assertThrows(SecurityException.class, () -> remote.invoke(POOL, "debugSnapshot", null, null));
            assertEquals(max, remote.getAttribute(POOL, "MaxSessions"), "unchanged");
            assertEquals(1, ((String[]) remote.getAttribute(McpPoolJmx.managerObjectName("default"), "PoolNames")).length);
        }
    }

    @Test
    void wrongOrMissingCredentialsAreRefused() throws Exception {
        assertThrows(SecurityException.class, () -> child.connect(JmxAgentJvm.OPERATOR, "wrong").close());
        assertThrows(SecurityException.class,
                () -> javax.management.remote.JMXConnectorFactory.connect(child.url()).close());
    }

    @Test
    void theRemoteMBeanInfoCarriesDescriptionsAndParameterNames() throws Exception {
        try (JMXConnector connector = child.connect(JmxAgentJvm.READONLY, JmxAgentJvm.READONLY_PASSWORD)) {
            MBeanOperationInfo resize = Arrays.stream(connector.getMBeanServerConnection().getMBeanInfo(POOL).getOperations())
                    .filter(o -> o.getName().equals("resize")).findFirst().orElseThrow();
            assertEquals(List.of("minSessions", "maxSessions"), Arrays.stream(resize.getSignature())
                    .map(p -> p.getName()).toList());
            assertTrue(resize.getDescription().startsWith("Changes MinSessions and MaxSessions together."));
        }
    }

    @Test
    void aClientWithOnlyTheJdkReadsEverything() throws Exception {
        Path source = Path.of(RemoteJmxTest.class.getResource("/BareJmxClient.java").toURI());
        Path emptyClassPath = Files.createTempDirectory("bare-client");
        try {
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", emptyClassPath.toString(),
                    source.toString(), child.url().toString(), JmxAgentJvm.OPERATOR, JmxAgentJvm.OPERATOR_PASSWORD,
                    POOL.toString()).redirectErrorStream(true);
            builder.environment().remove("CLASSPATH");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process client = builder.start();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(client.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, client.exitValue(), output);
            assertTrue(output.contains("BARE-CLIENT-OK attributes=" + PoolMXBeanTest.ATTRIBUTES.size()), output);
            assertTrue(output.contains("mcpoolOnClassPath=false"), output);
            assertFalse(output.contains("demo-token-not-shown"), output);
        } finally {
            Files.deleteIfExists(emptyClassPath);
        }
    }
}
