package io.mcpool.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.testkit.TestMcpServer;
import java.time.Duration;
import java.util.stream.Stream;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Out-of-range values are refused with a message a JMX client can show (a JDK exception, no mcpool
 * class in it), naming the property and the allowed range; the pool keeps its configuration.
 */
class RefusedValuesTest {

    private static TestMcpServer server;
    private static McpPool pool;
    private static MBeanServer mbeans;
    private static ObjectName name;

    @BeforeAll
    static void start() {
        server = TestMcpServer.builder().build().start();
        pool = McpPool.create(TestPools.config(server, "refusing").minSessions(2).maxSessions(4).build());
        pool.start();
        mbeans = MBeanServerFactory.newMBeanServer();
        name = McpPoolJmx.register(pool, mbeans);
    }

    @AfterAll
    static void stop() {
        pool.close();
        server.close();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("MaxSessions", 0, "maxSessions=0: must be between 1 and 10000"),
                Arguments.of("MaxSessions", 10_001, "maxSessions=10001: must be between 1 and 10000"),
                Arguments.of("MaxSessions", 1, "minSessions=2: must not exceed maxSessions (1)"),
                Arguments.of("MinSessions", -1, "minSessions=-1: must be between 0 and 10000"),
                Arguments.of("MinSessions", 5, "minSessions=5: must not exceed maxSessions (4)"),
                Arguments.of("BorrowTimeoutMillis", 0L, "borrowTimeout=PT0S: must be between"),
                Arguments.of("BorrowTimeoutMillis", -5L, "borrowTimeout=PT-0.005S: must be between"),
                Arguments.of("BorrowTimeoutMillis", 86_400_001L, "borrowTimeout=PT24H0.001S: must be between"),
                Arguments.of("ToolCacheTtlSeconds", -1L, "toolCacheTtl=PT-1S: must be between"),
                Arguments.of("ToolCacheTtlSeconds", 604_801L, "toolCacheTtl=PT168H1S: must be between PT0S and PT168H"),
                Arguments.of("HealthCheckIntervalSeconds", -1L, "healthCheckInterval=PT-1S: must be between"),
                Arguments.of("HealthCheckIntervalSeconds", 86_401L, "healthCheckInterval=PT24H1S: must be between PT0.1S and PT24H (or 0 to disable)"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("refused")
    void anOutOfRangeAttributeIsRefusedWithAMessageAndThePoolIsUnchanged(String attribute, Object value,
            String expected) throws Exception {
        String before = pool.config().toString();
        Object shownBefore = mbeans.getAttribute(name, attribute);

        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                () -> mbeans.setAttribute(name, new Attribute(attribute, value)));

        IllegalArgumentException refused = assertInstanceOf(IllegalArgumentException.class, e.getTargetException());
        assertEquals(IllegalArgumentException.class, refused.getClass(), "a JDK class, which JConsole can load");
        assertNull(refused.getCause(), "no mcpool class in the chain");
        assertTrue(refused.getMessage().startsWith(attribute + "=" + value + " refused: "), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
        assertTrue(refused.getMessage().contains("'refusing'"), "names the pool: " + refused.getMessage());
        assertEquals(before, pool.config().toString(), "the pool is unchanged");
        assertEquals(shownBefore, mbeans.getAttribute(name, attribute));
    }

    @Test
    void aResizeOutOfRangeIsRefusedAndThePoolIsUnchanged() throws Exception {
        String before = pool.config().toString();
        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                () -> mbeans.invoke(name, "resize", new Object[] {5, 3}, new String[] {"int", "int"}));
        Throwable refused = e.getTargetException();
        assertEquals(IllegalArgumentException.class, refused.getClass());
        assertNull(refused.getCause());
        assertTrue(refused.getMessage().startsWith("resize(5, 3) refused: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("minSessions=5: must not exceed maxSessions (3)"), refused.getMessage());
        assertEquals(before, pool.config().toString());
        assertEquals(Duration.ofSeconds(10), pool.config().borrowTimeout());
    }

    @Test
    void aValidChangeAfterARefusedOneStillWorks() throws Exception {
        assertThrows(RuntimeMBeanException.class, () -> mbeans.setAttribute(name, new Attribute("MaxSessions", -3)));
        mbeans.setAttribute(name, new Attribute("MaxSessions", 5));
        assertEquals(5, pool.config().maxSessions());
        mbeans.setAttribute(name, new Attribute("MaxSessions", 4));
        assertEquals(4, pool.config().maxSessions());
    }
}
