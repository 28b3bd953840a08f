package io.mcpool.it.weld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.Transport;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.cdi.McpPools;
import io.mcpool.it.McpServers;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pools configured in microprofile-config.properties and injected by name. */
@ExtendWith({McpServers.class, ArquillianExtension.class})
class InjectionTest {

    private static final TestMcpServer SERVER = McpServers.start();

    @Deployment
    static JavaArchive deployment() {
        return Archives.app(Map.of(
                "mcpool.github.endpoint", SERVER.endpoint(),
                "mcpool.github.transport", "streamable-http",
                "mcpool.github.max-sessions", "3",
                "mcpool.github.min-sessions", "2",
                "mcpool.github.tool-cache-ttl", "PT5M",
                "mcpool.github.borrow-timeout", "1500ms",
                "mcpool.github.headers.X-Team", "blue",
                "mcpool.jira.endpoint", SERVER.endpoint(),
                "mcpool.jira.idle-timeout", "0"),
                InjectionTest.class);
    }

    @Inject
    @McpPoolName("github")
    McpPool github;

    @Inject
    @McpPoolName("jira")
    McpPool jira;

    @Inject
    McpPools pools;

    @Test
    void eachConfiguredPoolIsInjectableByNameAndStartedWithTheApplication() {
        assertTrue(github.isReady(), "eager pools start when the application starts");
        assertTrue(jira.isReady());
        assertEquals("github", github.name());
        assertEquals("jira", jira.name());
        assertNotSame(github, jira);
    }

    @Test
    void configurationKeysMapToPoolConfigProperties() {
        var c = github.config();
        assertEquals(Transport.STREAMABLE_HTTP, c.transport());
        assertEquals(3, c.maxSessions());
        assertEquals(2, c.minSessions());
        assertEquals(Duration.ofMinutes(5), c.toolCacheTtl());
        assertEquals(Duration.ofMillis(1500), c.borrowTimeout());
        assertEquals(Map.of("X-Team", "blue"), c.headers());
        assertEquals(Duration.ZERO, jira.config().idleTimeout());
        assertEquals(10, jira.config().maxSessions(), "unset keys keep PoolConfig's defaults");
    }

    @Test
    void theInjectedPoolCallsToolsAndSendsTheConfiguredHeaders() {
        McpSchema.CallToolResult r = github.callTool("echo", Map.of("message", "hi"));
        assertEquals("hi", ((McpSchema.TextContent) r.content().get(0)).text());
        List<RecordedRequest> calls = SERVER.toolCalls();
        assertTrue(calls.stream().anyMatch(c -> "blue".equals(c.header("X-Team"))), calls.toString());
    }

    @Test
    void mcpPoolsGroupsThePoolsByName() {
        assertEquals(List.of("github", "jira"), List.copyOf(pools.names()));
        assertEquals("jira", pools.get("jira").name());
        assertTrue(pools.find("gitlab").isEmpty());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> pools.get("gitlab"));
        assertTrue(e.getMessage().contains("configured pools: github, jira"), e.getMessage());
    }
}
