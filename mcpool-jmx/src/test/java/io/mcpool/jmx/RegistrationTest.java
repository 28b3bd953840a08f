package io.mcpool.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.testkit.TestMcpServer;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.time.Duration;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** register/unregister: idempotent, clear about name clashes, undone by the pool's shutdown. */
class RegistrationTest {

    private static TestMcpServer server;

    @BeforeAll
    static void startServer() {
        server = TestMcpServer.builder().build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static McpPool pool(String name) {
        return McpPool.create(TestPools.config(server, name).minSessions(1).maxSessions(2).build());
    }

    private static int mcpoolMBeans(MBeanServer mbeans) throws Exception {
        return mbeans.queryNames(new ObjectName("io.mcpool:*"), null).size();
    }

    @Test
    void registeringTheSamePoolTwiceIsHarmless() throws Exception {
        MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
        try (McpPool pool = pool("twice")) {
            ObjectName first = McpPoolJmx.register(pool, mbeans);
            ObjectName second = McpPoolJmx.register(pool, mbeans);
            assertEquals(first, second);
            assertEquals(1, mcpoolMBeans(mbeans));
            pool.start();
            assertEquals(1, mbeans.getAttribute(first, "TotalSessions"), "registered before start, live after it");
        }
        assertEquals(0, mcpoolMBeans(mbeans));
    }

    @Test
    void aDifferentPoolWithTheSameNameIsRefusedClearly() throws Exception {
        MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
        try (McpPool first = pool("orders"); McpPool second = pool("orders")) {
            ObjectName name = McpPoolJmx.register(first, mbeans);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> McpPoolJmx.register(second, mbeans));
            assertEquals("Cannot register mcpool 'orders' over JMX: a different pool named 'orders' is already "
                    + "registered as io.mcpool:type=McpPool,name=orders. Pool names must be unique within one MBean "
                    + "server (PoolConfig.name): rename one of the pools, register each under its application's key "
                    + "(McpPoolJmx.register(pool, server, application)), or shut down or unregister the other first.",
                    e.getMessage());
            assertFalse(McpPoolJmx.unregister(second, mbeans), "the other pool's MBean is not ours to remove");
            assertTrue(mbeans.isRegistered(name));

            first.start();
            first.shutdown();
            assertFalse(mbeans.isRegistered(name));
            McpPoolJmx.register(second, mbeans);
            assertTrue(mbeans.isRegistered(name), "the name is free once the first pool is gone");
        }
    }

    @Test
    void aNameTakenBySomethingElseIsRefusedClearly() throws Exception {
        MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
        ObjectName name = McpPoolJmx.objectName("taken");
        // e.g. another web application's copy of mcpool, or anything else that chose the name
        mbeans.registerMBean(new StandardMBean(ManagementFactory.getRuntimeMXBean(), RuntimeMXBean.class, true), name);
        try (McpPool pool = pool("taken")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> McpPoolJmx.register(pool, mbeans));
            assertTrue(e.getMessage().contains("is already registered in this MBean server, and not by this copy of "
                    + "mcpool-jmx"), e.getMessage());
        }
    }

    @Test
    void shutdownUnregistersThePoolsMBean() throws Exception {
        MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
        McpPool pool = pool("shutting-down");
        pool.start();
        ObjectName name = McpPoolJmx.register(pool, mbeans);
        assertTrue(mbeans.isRegistered(name));
        pool.shutdown();
        assertFalse(mbeans.isRegistered(name));
        assertFalse(McpPoolJmx.unregister(pool, mbeans), "already gone");
    }

    @Test
    void unregisterIsIdempotentAndRegisteringAgainWorks() throws Exception {
        MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
        try (McpPool pool = pool("again")) {
            ObjectName name = McpPoolJmx.register(pool, mbeans);
            assertTrue(McpPoolJmx.unregister(pool, mbeans));
            assertFalse(McpPoolJmx.unregister(pool, mbeans));
            assertFalse(mbeans.isRegistered(name));
            McpPoolJmx.register(pool, mbeans);
            assertTrue(mbeans.isRegistered(name));
            // Taken down behind our back: registering again puts it back instead of trusting stale bookkeeping.
            mbeans.unregisterMBean(name);
            McpPoolJmx.register(pool, mbeans);
            assertTrue(mbeans.isRegistered(name));
        }
    }

    @Test
    void thePlatformMBeanServerIsTheDefault() throws Exception {
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        try (McpPool pool = pool("platform-default")) {
            pool.start();
            ObjectName name = McpPoolJmx.register(pool);
            assertTrue(platform.isRegistered(name));
            assertEquals(1, platform.getAttribute(name, "MinSessions"));
            assertEquals(Set.of(), platform.queryNames(new ObjectName("org.apache.commons.pool2:*"), null),
                    "one coherent view: Commons Pool's own MBean is off");
            assertTrue(McpPoolJmx.unregister(pool));
            assertFalse(platform.isRegistered(name));
            McpPoolJmx.register(pool);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !platform.isRegistered(McpPoolJmx.objectName("platform-default")));
    }

    @Test
    void oneShutdownLeavesTheOtherPoolsAndServersAlone() throws Exception {
        MBeanServer a = MBeanServerFactory.newMBeanServer();
        MBeanServer b = MBeanServerFactory.newMBeanServer();
        try (McpPool kept = pool("kept"); McpPool closed = pool("closed")) {
            McpPoolJmx.register(kept, a);
            McpPoolJmx.register(closed, a);
            McpPoolJmx.register(closed, b);
            closed.start();
            closed.shutdown();
            assertEquals(1, mcpoolMBeans(a));
            assertEquals(0, mcpoolMBeans(b), "every registration of the pool goes");
            assertTrue(a.isRegistered(McpPoolJmx.objectName("kept")));
        }
    }

    @Test
    void objectNamesFollowTheDesign() throws Exception {
        assertEquals(new ObjectName("io.mcpool:type=McpPool,name=github.tools-1"), McpPoolJmx.objectName("github.tools-1"));
        assertEquals(new ObjectName("io.mcpool:type=McpPoolManager,name=default"), McpPoolJmx.managerObjectName("default"));
        ObjectName quoted = McpPoolJmx.managerObjectName("app:one,two=*");
        assertFalse(quoted.isPattern());
        assertEquals("app:one,two=*", ObjectName.unquote(quoted.getKeyProperty("name")));
        assertThrows(IllegalArgumentException.class, () -> McpPoolJmx.managerObjectName(" "));
    }
}
