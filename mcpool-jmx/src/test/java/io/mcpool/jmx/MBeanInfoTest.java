package io.mcpool.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.OpenType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What JConsole shows before anything is read: descriptions, parameter names, impacts, open types. */
class MBeanInfoTest {

    private MBeanServer mbeans;
    private McpPool pool;
    private ObjectName poolName;
    private ObjectName managerName;

    @BeforeEach
    void register() {
        mbeans = MBeanServerFactory.newMBeanServer();
        // Never started: MBeanInfo does not depend on a server.
        pool = McpPool.create(PoolConfig.builder().name("info").endpoint("http://127.0.0.1:9/mcp").build());
        poolName = McpPoolJmx.register(pool, mbeans);
        managerName = McpPoolJmx.registerManager("main", () -> List.of(pool), mbeans);
    }

    @AfterEach
    void close() {
        McpPoolJmx.unregister(pool, mbeans);
        McpPoolJmx.unregisterManager("main", mbeans);
        pool.close();
    }

    @Test
    void everyPoolFeatureIsDescribedAndParametersHaveRealNames() throws Exception {
        MBeanInfo info = mbeans.getMBeanInfo(poolName);
        assertDescribed(info);
        assertEquals(PoolMXBeanTest.ATTRIBUTES,
                Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getName).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(Set.of("MinSessions", "MaxSessions", "BorrowTimeoutMillis", "ToolCacheTtlSeconds",
                "HealthCheckIntervalSeconds"), Arrays.stream(info.getAttributes()).filter(MBeanAttributeInfo::isWritable)
                .map(MBeanAttributeInfo::getName).collect(Collectors.toSet()));

        Map<String, MBeanOperationInfo> ops = Arrays.stream(info.getOperations())
                .collect(Collectors.toMap(MBeanOperationInfo::getName, o -> o));
        assertEquals(Set.of("resize", "invalidateToolsCache", "evictIdleSessions", "softEvictSessions",
                "debugSnapshot", "metricsSnapshot", "toolMetrics", "suspend", "resume", "tokens"), ops.keySet());
        MBeanParameterInfo[] resize = ops.get("resize").getSignature();
        assertEquals(List.of("minSessions", "maxSessions"),
                Arrays.stream(resize).map(MBeanParameterInfo::getName).toList());
        assertEquals(List.of("int", "int"), Arrays.stream(resize).map(MBeanParameterInfo::getType).toList());
        assertTrue(resize[0].getDescription().contains("warm floor"), resize[0].getDescription());
        assertEquals(MBeanOperationInfo.ACTION, ops.get("resize").getImpact());
        assertEquals(MBeanOperationInfo.ACTION, ops.get("softEvictSessions").getImpact());
        assertEquals(MBeanOperationInfo.INFO, ops.get("debugSnapshot").getImpact());
        assertEquals(MBeanOperationInfo.INFO, ops.get("metricsSnapshot").getImpact());
        assertEquals(MBeanOperationInfo.INFO, ops.get("toolMetrics").getImpact());
        assertEquals(MBeanOperationInfo.INFO, ops.get("tokens").getImpact());

        MBeanAttributeInfo timeout = Arrays.stream(info.getAttributes())
                .filter(a -> a.getName().equals("BorrowTimeoutMillis")).findFirst().orElseThrow();
        assertTrue(timeout.getDescription().contains("milliseconds"), "units are stated: " + timeout.getDescription());

        Map<String, MBeanAttributeInfo> attributes = Arrays.stream(info.getAttributes())
                .collect(Collectors.toMap(MBeanAttributeInfo::getName, a -> a));
        Map<String, String> trafficCounters = Map.of("RateLimitWaits", "rate-limit permit",
                "RateLimitRejects", "refused by the rate limit", "AutoscaleUps", "autoscaler raised",
                "AutoscaleDowns", "autoscaler lowered");
        trafficCounters.forEach((attribute, says) -> {
            MBeanAttributeInfo a = attributes.get(attribute);
            assertEquals("long", a.getType(), attribute);
            assertFalse(a.isWritable(), attribute + " is read-only");
            assertTrue(a.getDescription().contains(says), attribute + ": " + a.getDescription());
        });
    }

    @Test
    void theInfoNamesThePublicInterfaceAndListsFeaturesAlphabetically() throws Exception {
        MBeanInfo info = mbeans.getMBeanInfo(poolName);
        assertEquals(McpPoolMXBean.class.getName(), info.getClassName());
        assertEquals(McpPoolManagerMXBean.class.getName(), mbeans.getMBeanInfo(managerName).getClassName());
        List<String> attributes = Arrays.stream(info.getAttributes()).map(MBeanAttributeInfo::getName).toList();
        assertEquals(attributes.stream().sorted().toList(), attributes);
        List<String> operations = Arrays.stream(info.getOperations()).map(MBeanOperationInfo::getName).toList();
        assertEquals(operations.stream().sorted().toList(), operations);
    }

    @Test
    void everyManagerFeatureIsDescribed() throws Exception {
        MBeanInfo info = mbeans.getMBeanInfo(managerName);
        assertDescribed(info);
        assertTrue(Arrays.stream(info.getAttributes()).noneMatch(MBeanAttributeInfo::isWritable),
                "the manager only reads; pools are changed through their own MBeans");
    }

    @Test
    void bothAreMXBeansOfOpenTypesOnly() throws Exception {
        for (ObjectName name : List.of(poolName, managerName)) {
            MBeanInfo info = mbeans.getMBeanInfo(name);
            assertEquals("true", info.getDescriptor().getFieldValue("mxbean"), name.toString());
            for (MBeanAttributeInfo a : info.getAttributes()) {
                assertInstanceOf(OpenType.class, a.getDescriptor().getFieldValue("openType"), a.getName());
                assertTrue(OpenValues.isJdkClass(Class.forName(((OpenType<?>) a.getDescriptor()
                        .getFieldValue("openType")).getClassName())), a.getName());
            }
            for (MBeanOperationInfo o : info.getOperations()) {
                OpenType<?> returned = (OpenType<?>) o.getDescriptor().getFieldValue("openType");
                assertTrue(OpenValues.isJdkClass(Class.forName(returned.getClassName())), o.getName());
            }
        }
    }

    private static void assertDescribed(MBeanInfo info) {
        assertFalse(info.getDescription().isBlank());
        assertNotEquals("Information on the management interface of the MBean", info.getDescription());
        for (MBeanAttributeInfo a : info.getAttributes()) {
            assertFalse(a.getDescription() == null || a.getDescription().isBlank(), a.getName());
            assertNotEquals(a.getName(), a.getDescription(), "described: " + a.getName());
            assertTrue(a.getDescription().endsWith("."), "a sentence: " + a.getName());
        }
        for (MBeanOperationInfo o : info.getOperations()) {
            assertNotEquals(o.getName(), o.getDescription(), "described: " + o.getName());
            assertTrue(o.getDescription().endsWith("."), "a sentence: " + o.getName());
            for (MBeanParameterInfo p : o.getSignature()) {
                assertFalse(p.getName().matches("p\\d+"), o.getName() + " has a real parameter name: " + p.getName());
                assertNotEquals(p.getName(), p.getDescription(), "described: " + o.getName() + "." + p.getName());
            }
        }
    }
}
