package io.mcpool.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import io.mcpool.PooledSession;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.TestMcpServer;
import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric of the table that {@link PoolMetrics} holds is an attribute of a pool's MBean and of a
 * manager's, and an item of their snapshots, under the name, type and unit docs/jmx.md documents, with
 * the value the pool reports: read through the JDK's RMI connector (on loopback) from the platform
 * MBean server, as JConsole reads it. Metrics only events feed are not in JMX.
 */
class MetricTableJmxTest {

    private static final Path DOC = Path.of("..", "docs", "jmx.md");

    private static TestMcpServer server;
    private static McpPool first;
    private static McpPool second;
    private static ObjectName poolName;
    private static ObjectName managerName;
    private static JMXConnectorServer connectorServer;
    private static JMXConnector connector;
    private static MBeanServerConnection remote;

    /** Connects to the loopback address whatever host the RMI stub names: nothing leaves the machine. */
    record LoopbackClientSockets() implements RMIClientSocketFactory, Serializable {
        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return new Socket(InetAddress.getLoopbackAddress(), port);
        }
    }

    /** Listens on the loopback address only. */
    record LoopbackServerSockets() implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = TestMcpServer.builder().build().start();
        first = McpPool.create(TestPools.config(server, "metric-table").minSessions(1).maxSessions(3).build());
        second = McpPool.create(TestPools.config(server, "metric-table-2").minSessions(1).maxSessions(2).build());
        first.start();
        second.start();
        poolName = McpPoolJmx.register(first);
        McpPoolJmx.register(second);
        managerName = McpPoolJmx.registerManager("metric-table", () -> List.of(first, second));

        // Something in most counters: borrows and returns, a cache miss and a hit, a call.
        try (PooledSession a = first.borrow(); PooledSession b = first.borrow()) {
            a.callTool("echo", Map.of("message", "a"));
            b.callTool("echo", Map.of("message", "b"));
        }
        first.listTools();
        first.listTools();
        second.callTool("echo", Map.of("message", "c"));

        Map<String, Object> env = new HashMap<>();
        env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, new LoopbackClientSockets());
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, new LoopbackServerSockets());
        connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL("rmi", "127.0.0.1", 0),
                env, ManagementFactory.getPlatformMBeanServer());
        connectorServer.start();
        connector = JMXConnectorFactory.connect(connectorServer.getAddress());
        remote = connector.getMBeanServerConnection();
    }

    @AfterAll
    static void stop() throws Exception {
        connector.close();
        connectorServer.stop();
        McpPoolJmx.unregisterManager("metric-table");
        first.close();
        second.close();
        server.close();
    }

    @Test
    void everySnapshotMetricIsAPoolAttributeAsDocumentedWithThePoolsValue() throws Exception {
        Map<String, String[]> documented = documentedAttributes();
        Map<String, MBeanAttributeInfo> byMetric = attributesByMetric(poolName);
        assertEquals(documented.size(), byMetric.size(), "one documented attribute per metric attribute");
        for (PoolMetric m : PoolMetric.values()) {
            MBeanAttributeInfo a = byMetric.get(m.metricName());
            if (m.component().isEmpty()) {
                assertEquals(null, a, m + " is fed by events only: not in JMX");
                continue;
            }
            assertNotNull(a, m + " has an attribute");
            String[] doc = documented.get(a.getName());
            assertNotNull(doc, a.getName() + " is documented in " + DOC);
            assertEquals(doc[0], a.getType().replace("java.lang.", ""), a.getName() + ": documented type");
            assertEquals(doc[1], a.getDescriptor().getFieldValue("units"), a.getName() + ": documented unit");
            assertEquals(m.unitFor(PoolMetric.JMX).label(), doc[1], a.getName());
            assertFalse(a.isWritable() && !List.of("MinSessions", "MaxSessions").contains(a.getName()),
                    a.getName() + " is read-only");
            if (!a.isWritable()) {
                assertEquals(m.description(), a.getDescription(), a.getName());
            }
        }
        assertBulkReadMatches(poolName, byMetric, first::metrics);
    }

    @Test
    void theSnapshotOperationHasOneItemPerMetricWithThePoolsValues() throws Exception {
        PoolMetrics before = first.metrics();
        CompositeData snapshot = assertInstanceOf(CompositeData.class, remote.invoke(poolName, "metricsSnapshot",
                null, null));
        PoolMetrics after = first.metrics();
        assertTrue(OpenValues.onlyJdkClasses(snapshot));
        assertItems(snapshot, before, after);
    }

    @Test
    void theManagerShowsEveryMetricCombinedOverItsPools() throws Exception {
        Map<String, MBeanAttributeInfo> byMetric = attributesByMetric(managerName);
        Map<String, MBeanAttributeInfo> pool = attributesByMetric(poolName);
        for (PoolMetric m : PoolMetric.values()) {
            MBeanAttributeInfo a = byMetric.get(m.metricName());
            if (m.component().isEmpty()) {
                assertEquals(null, a, m + " is fed by events only: not in JMX");
                continue;
            }
            assertNotNull(a, m + " is an attribute of the manager");
            assertEquals(pool.get(m.metricName()).getName(), a.getName(), "named as on a pool");
            assertEquals(pool.get(m.metricName()).getType(), a.getType(), a.getName());
            assertFalse(a.isWritable(), a.getName());
            assertEquals(m.description() + " Over all pools: " + m.combination().description() + ".",
                    a.getDescription());
        }
        Supplier<PoolMetrics> combined = () -> PoolMetric.combine(List.of(first.metrics(), second.metrics()), null);
        assertBulkReadMatches(managerName, byMetric, combined);
        PoolMetrics before = combined.get();
        CompositeData aggregate = (CompositeData) remote.getAttribute(managerName, "AggregatedMetrics");
        assertItems(aggregate, before, combined.get());
        assertEquals(2L, combined.get().cacheMisses() + combined.get().cacheHits(), "one miss and one hit");
    }

    /** Reads every metric attribute in one bulk read (as JConsole does) between two snapshots. */
    private static void assertBulkReadMatches(ObjectName name, Map<String, MBeanAttributeInfo> byMetric,
            Supplier<PoolMetrics> metrics) throws Exception {
        String[] names = byMetric.values().stream().map(MBeanAttributeInfo::getName).toArray(String[]::new);
        PoolMetrics before = metrics.get();
        List<Attribute> values = remote.getAttributes(name, names).asList();
        PoolMetrics after = metrics.get();
        assertEquals(names.length, values.size(), "every metric attribute was read");
        Map<String, PoolMetric> metricByAttribute = new HashMap<>();
        byMetric.forEach((metric, info) -> metricByAttribute.put(info.getName(), metric(metric)));
        for (Attribute a : values) {
            assertTrue(OpenValues.onlyJdkClasses(a.getValue()), a.getName());
            assertBetween(a.getName(), a.getValue(), metricByAttribute.get(a.getName()), before, after);
        }
    }

    private static void assertItems(CompositeData composite, PoolMetrics before, PoolMetrics after) {
        assertEquals(MetricAttributes.SNAPSHOT_TYPE_NAME, composite.getCompositeType().getTypeName());
        long snapshotMetrics = Arrays.stream(PoolMetric.values()).filter(m -> m.component().isPresent()).count();
        assertEquals(snapshotMetrics, composite.getCompositeType().keySet().size());
        for (PoolMetric m : PoolMetric.values()) {
            if (m.component().isEmpty()) {
                continue;
            }
            String item = m.component().get() + unitEnding(m);
            assertTrue(composite.containsKey(item), item);
            assertEquals(m.description(), composite.getCompositeType().getDescription(item), item);
            assertBetween(item, composite.get(item), m, before, after);
        }
    }

    /** The value the attribute shows lies between what the pool reported just before and just after. */
    private static void assertBetween(String what, Object shown, PoolMetric m, PoolMetrics before, PoolMetrics after) {
        Object low = expected(m, before);
        Object high = expected(m, after);
        if (shown instanceof Number n) {
            double v = n.doubleValue();
            double a = ((Number) low).doubleValue();
            double b = ((Number) high).doubleValue();
            assertTrue(Math.min(a, b) - 1e-9 <= v && v <= Math.max(a, b) + 1e-9, what + "=" + v + " not in " + a + ".." + b);
            assertEquals(low.getClass(), shown.getClass(), what);
        } else {
            assertTrue(shown.equals(low) || shown.equals(high), what + "=" + shown + ", pool said " + low + " / " + high);
        }
    }

    /** The value as JMX should show it: counts and flags as they are, states by name, times in the unit named. */
    private static Object expected(PoolMetric m, PoolMetrics snapshot) {
        Object raw = m.read(snapshot);
        if (raw instanceof Duration d) {
            return unitEnding(m).equals("Seconds") ? (Object) d.toSeconds() : (Object) (d.toNanos() / 1e6);
        }
        return raw instanceof Enum<?> e ? e.name() : raw;
    }

    private static String unitEnding(PoolMetric m) {
        return switch (m.unitFor(PoolMetric.JMX)) {
            case MILLISECONDS -> "Millis";
            case SECONDS -> "Seconds";
            default -> "";
        };
    }

    private static PoolMetric metric(String metricName) {
        return Arrays.stream(PoolMetric.values()).filter(m -> m.metricName().equals(metricName)).findFirst()
                .orElseThrow();
    }

    /** @return the MBean's attributes that show a metric of the table, by the metric's name in their descriptor */
    private static Map<String, MBeanAttributeInfo> attributesByMetric(ObjectName name) throws Exception {
        Map<String, MBeanAttributeInfo> found = new TreeMap<>();
        for (MBeanAttributeInfo a : remote.getMBeanInfo(name).getAttributes()) {
            Object metric = a.getDescriptor().getFieldValue(MetricAttributes.METRIC_FIELD);
            if (metric != null) {
                assertEquals(null, found.put((String) metric, a), "one attribute per metric: " + metric);
            }
        }
        return found;
    }

    /** @return attribute name to {type, unit}, from the generated pool-attributes table of docs/jmx.md */
    private static Map<String, String[]> documentedAttributes() throws IOException {
        String doc = Files.readString(DOC);
        int from = doc.indexOf("<!-- generated from PoolMetric by JmxDocTest (pool attributes): start -->");
        String table = doc.substring(from, doc.indexOf("<!-- generated: end -->", from));
        Matcher row = Pattern.compile("(?m)^\\| `(\\w+)` \\| (\\w+) \\| (\\w+) \\|").matcher(table);
        Map<String, String[]> rows = new TreeMap<>();
        while (row.find()) {
            rows.put(row.group(1), new String[] {row.group(2), row.group(3)});
        }
        return rows;
    }
}
