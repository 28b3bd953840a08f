package io.mcpool.it.weld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.SessionKey;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.event.PoolEvent;
import io.mcpool.it.McpServers;
import io.mcpool.spi.AuthProvider;
import io.mcpool.spi.ClientCapability;
import io.mcpool.spi.PoolListener;
import io.mcpool.spi.RootsHandler;
import io.mcpool.spi.WarmupHook;
import io.mcpool.testkit.RecordedRequest;
import io.mcpool.testkit.TestMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pool events arrive as CDI events (all pools, or one pool's by qualifier); the beans the
 * application supplies are used: a qualified {@link AuthProvider} by its pool only, an unqualified
 * {@link WarmupHook} by every pool, {@link PoolListener} beans by the pools they name, a qualified
 * {@link RootsHandler} by its pool only.
 */
@ExtendWith({McpServers.class, ArquillianExtension.class})
class EventsAndBeansTest {

    private static final TestMcpServer SERVER = McpServers.start(TestMcpServer.builder().clientFeatureTools());

    @Deployment
    static JavaArchive deployment() {
        return Archives.app(Map.of(
                "mcpool.github.endpoint", SERVER.endpoint(),
                "mcpool.jira.endpoint", SERVER.endpoint(),
                "mcpool.jira.min-sessions", "2"),
                EventLog.class, AppBeans.class);
    }

    /** Observes pool events. (Read through methods: the test holds a client proxy.) */
    @ApplicationScoped
    static class EventLog {
        private final List<PoolEvent> all = new CopyOnWriteArrayList<>();
        private final List<PoolEvent.SessionBorrowed> githubBorrows = new CopyOnWriteArrayList<>();

        List<PoolEvent> all() {
            return all;
        }

        List<PoolEvent.SessionBorrowed> githubBorrows() {
            return githubBorrows;
        }

        void onAny(@Observes PoolEvent event) {
            all.add(event);
        }

        void onGithubBorrow(@Observes @McpPoolName("github") PoolEvent.SessionBorrowed event) {
            githubBorrows.add(event);
        }
    }

    /** What the application supplies to the pools. */
    @ApplicationScoped
    static class AppBeans {
        private final AtomicInteger warmUps = new AtomicInteger();
        private final List<PoolEvent> jiraListener = new CopyOnWriteArrayList<>();

        int warmUps() {
            return warmUps.get();
        }

        List<PoolEvent> heardByJiraListener() {
            return jiraListener;
        }

        @Produces
        @McpPoolName("github")
        AuthProvider githubAuth() {
            return key -> Map.of("Authorization", "Bearer github-token");
        }

        @Produces
        WarmupHook everyPoolsWarmup() {
            return (McpSyncClient client, SessionKey key) -> warmUps.incrementAndGet();
        }

        @Produces
        @McpPoolName("github")
        RootsHandler githubRoots() {
            return RootsHandler.of(List.of(new McpSchema.Root("file:///github", "github")));
        }

        @Produces
        @McpPoolName("jira")
        PoolListener jiraListener() {
            return jiraListener::add;
        }
    }

    @Inject
    @McpPoolName("github")
    McpPool github;

    @Inject
    @McpPoolName("jira")
    McpPool jira;

    @Inject
    EventLog log;

    @Inject
    AppBeans beans;

    @Test
    void poolEventsAreCdiEventsQualifiedByPool() {
        github.callTool("echo", Map.of("message", "one"));
        jira.callTool("echo", Map.of("message", "two"));

        assertTrue(log.all().stream().anyMatch(e -> e instanceof PoolEvent.PoolReady r && r.poolName().equals("github")), log.all().toString());
        assertTrue(log.all().stream().anyMatch(e -> e instanceof PoolEvent.PoolReady r && r.poolName().equals("jira")), log.all().toString());
        assertTrue(log.all().stream().anyMatch(e -> e instanceof PoolEvent.SessionBorrowed b && b.poolName().equals("jira")));
        assertTrue(log.githubBorrows().size() >= 1);
        assertTrue(log.githubBorrows().stream().allMatch(e -> e.poolName().equals("github")), log.githubBorrows().toString());
    }

    @Test
    void aQualifiedAuthProviderServesItsPoolOnly() {
        github.callTool("echo", Map.of("message", "as github"));
        jira.callTool("echo", Map.of("message", "as jira"));
        List<RecordedRequest> calls = SERVER.toolCalls();
        assertTrue(calls.stream().anyMatch(c -> "Bearer github-token".equals(c.header("Authorization"))), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.header("Authorization") == null), "jira sends no token: " + calls);
    }

    @Test
    void anUnqualifiedWarmupHookServesEveryPool() {
        assertTrue(beans.warmUps() >= 3, "1 github + 2 jira warm sessions: " + beans.warmUps());
    }

    @Test
    void aPoolListenerBeanNamedForOnePoolHearsThatPoolOnly() {
        jira.callTool("echo", Map.of("message", "heard"));
        assertTrue(beans.heardByJiraListener().stream().anyMatch(e -> e.type() == PoolEvent.Type.SESSION_BORROWED));
        assertEquals(List.of("jira"), beans.heardByJiraListener().stream().map(PoolEvent::poolName).distinct().toList());
    }

    @Test
    void aQualifiedRootsHandlerAnswersItsPoolsServerOnly() {
        assertEquals(Set.of(ClientCapability.ROOTS), github.config().clientCapabilities());
        McpSchema.CallToolResult roots = github.callTool("roots", Map.of());
        assertEquals("roots=file:///github", ((McpSchema.TextContent) roots.content().get(0)).text());
        assertEquals(Set.of(), jira.config().clientCapabilities(), "jira advertises no roots");
        assertTrue(jira.callTool("roots", Map.of()).isError());
    }
}
