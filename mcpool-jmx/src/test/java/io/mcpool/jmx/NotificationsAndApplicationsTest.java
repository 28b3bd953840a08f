package io.mcpool.jmx;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PooledSession;
import io.mcpool.testkit.TestMcpServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.junit.jupiter.api.Test;

/** Notifications and application keys, seen by a JMX client through a real RMI connector. */
class NotificationsAndApplicationsTest {

    @Test
    void twoApplicationsWithAPoolOfTheSameNameDoNotCollide() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool shop = McpPool.create(TestPools.config(server, "default").minSessions(0).build());
                McpPool billing = McpPool.create(TestPools.config(server, "default").minSessions(0).build())) {
            ObjectName a = McpPoolJmx.register(shop, mbeans, "shop");
            ObjectName b = McpPoolJmx.register(billing, mbeans, "billing web");
            assertEquals(McpPoolJmx.objectName("shop", "default"), a);
            assertEquals(new ObjectName("io.mcpool:type=McpPool,application=shop,name=default"), a);
            assertEquals("\"billing web\"", b.getKeyProperty(McpPoolJmx.APPLICATION_KEY), "quoted when it must be");
            assertTrue(mbeans.isRegistered(a) && mbeans.isRegistered(b));
            IllegalStateException clash = assertThrows(IllegalStateException.class,
                    () -> McpPoolJmx.register(billing, mbeans, "shop"));
            assertTrue(clash.getMessage().contains("application's key"), clash.getMessage());
            assertTrue(McpPoolJmx.unregister(shop, mbeans), "found by the pool, whatever its application");
            assertFalse(mbeans.isRegistered(a));
            assertTrue(mbeans.isRegistered(b), "the other application's pool stays");
            billing.shutdown();
            assertFalse(mbeans.isRegistered(b), "a shutdown unregisters under the application's key too");
        }
    }

    @Test
    void aClientIsNotifiedWhenTheBreakerOpensAndClosesAndWhenTheServerRestarts() throws Exception {
        Map<String, Object> env = new HashMap<>();
        env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, new MetricTableJmxTest.LoopbackClientSockets());
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, new MetricTableJmxTest.LoopbackServerSockets());
        JMXConnectorServer connectorServer = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("rmi", "127.0.0.1", 0), env, ManagementFactory.getPlatformMBeanServer());
        connectorServer.start();
        List<Notification> received = new CopyOnWriteArrayList<>();
        NotificationListener listener = (n, handback) -> received.add(n);
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool pool = McpPool.create(TestPools.config(server, "notified").minSessions(1).maxSessions(2)
                        .retryCount(0).failureThreshold(1).recoveryTimeout(Duration.ofMillis(500))
                        .build());
                JMXConnector connector = JMXConnectorFactory.connect(connectorServer.getAddress())) {
            ObjectName name = McpPoolJmx.register(pool, ManagementFactory.getPlatformMBeanServer(), "notify-app");
            pool.start();
            MBeanServerConnection remote = connector.getMBeanServerConnection();
            Set<String> declared = Arrays.stream(remote.getMBeanInfo(name).getNotifications())
                    .flatMap(i -> Arrays.stream(i.getNotifTypes())).collect(Collectors.toSet());
            assertEquals(Set.of(McpPoolJmx.CIRCUIT_OPENED, McpPoolJmx.CIRCUIT_CLOSED, McpPoolJmx.SERVER_RESTARTED),
                    declared);
            remote.addNotificationListener(name, listener, null, null);

            server.restart();
            try (PooledSession s = pool.borrow()) {
                s.ping(); // the session of the old server fails over to a fresh one: the restart is noticed
            } catch (RuntimeException lostToTheRestart) {
                // the lent session may be the one that notices; the notification is what this test is about
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> types(received).contains(McpPoolJmx.SERVER_RESTARTED));

            server.stop();
            pool.flush(io.mcpool.FlushMode.IDLE);
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                try {
                    pool.borrow(BorrowOptions.builder().timeout(Duration.ofMillis(300)).build()).close();
                } catch (RuntimeException refused) {
                    // creations fail while the server is down: that is what opens the breaker
                }
                return types(received).contains(McpPoolJmx.CIRCUIT_OPENED);
            });
            server.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                try (PooledSession s = pool.borrow(BorrowOptions.builder().timeout(Duration.ofSeconds(2)).build())) {
                    s.ping();
                } catch (RuntimeException stillRecovering) {
                    // the probe goes through once the recovery timeout passed
                }
                return types(received).contains(McpPoolJmx.CIRCUIT_CLOSED);
            });
            Notification opened = received.stream().filter(n -> n.getType().equals(McpPoolJmx.CIRCUIT_OPENED))
                    .findFirst().orElseThrow();
            assertEquals(name, opened.getSource());
            assertTrue(opened.getMessage().contains("opened"), opened.getMessage());
            assertTrue(opened.getSequenceNumber() > 0);
            remote.removeNotificationListener(name, listener);
        } finally {
            connectorServer.stop();
        }
    }

    private static List<String> types(List<Notification> received) {
        return received.stream().map(Notification::getType).toList();
    }
}
