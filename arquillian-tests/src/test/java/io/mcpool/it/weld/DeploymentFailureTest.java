package io.mcpool.it.weld;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.McpPool;
import io.mcpool.cdi.McpPoolName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.inject.Inject;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Wrong configuration fails the deployment with a {@link DeploymentException} whose message names
 * each configuration key, the value (unless secret) and what is allowed; so does an injection point
 * naming a pool that is not configured. Each case is its own archive, deployed by the test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeploymentFailureTest {

    private static final String URL = "http://127.0.0.1:1/mcp";

    @ArquillianResource
    Deployer deployer;

    /** A bean asking for a pool that is not configured. */
    @ApplicationScoped
    static class NeedsGitlab {
        @Inject
        @McpPoolName("gitlab")
        McpPool gitlab;
    }

    /** A bean asking for the default pool. */
    @ApplicationScoped
    static class NeedsDefault {
        @Inject
        McpPool pool;
    }

    @Deployment(name = "out-of-range", managed = false, testable = false)
    static JavaArchive outOfRange() {
        return Archives.app(Map.of("mcpool.github.endpoint", URL, "mcpool.github.max-sessions", "0",
                "mcpool.github.lazy-start", "true"));
    }

    @Deployment(name = "bad-duration", managed = false, testable = false)
    static JavaArchive badDuration() {
        return Archives.app(Map.of("mcpool.github.endpoint", URL, "mcpool.github.borrow-timeout", "soon",
                "mcpool.github.lazy-start", "true"));
    }

    @Deployment(name = "misspelt-key", managed = false, testable = false)
    static JavaArchive misspeltKey() {
        return Archives.app(Map.of("mcpool.github.endpoint", URL, "mcpool.github.max-sesions", "3",
                "mcpool.github.lazy-start", "true"));
    }

    @Deployment(name = "missing-endpoint", managed = false, testable = false)
    static JavaArchive missingEndpoint() {
        return Archives.app(Map.of("mcpool.github.transport", "streamable-http", "mcpool.github.lazy-start", "true"));
    }

    @Deployment(name = "unknown-pool", managed = false, testable = false)
    static JavaArchive unknownPool() {
        return Archives.app(Map.of("mcpool.github.endpoint", URL, "mcpool.github.lazy-start", "true",
                "mcpool.jira.endpoint", URL, "mcpool.jira.lazy-start", "true"), NeedsGitlab.class);
    }

    @Deployment(name = "no-default", managed = false, testable = false)
    static JavaArchive noDefault() {
        return Archives.app(Map.of("mcpool.github.endpoint", URL, "mcpool.github.lazy-start", "true",
                "mcpool.jira.endpoint", URL, "mcpool.jira.lazy-start", "true"), NeedsDefault.class);
    }

    @Deployment(name = "secrets", managed = false, testable = false)
    static JavaArchive secrets() {
        return Archives.app(Map.of("mcpool.github.endpoint", "http://user:hunter2@127.0.0.1:1/mcp",
                "mcpool.github.bearer-token", "two words-s3cr3t", "mcpool.github.lazy-start", "maybe",
                "mcpool.github.transport", "carrier-pigeon"));
    }

    @Test
    void anOutOfRangeValueIsNamedByItsKey() {
        String m = failure("out-of-range");
        assertTrue(m.contains("mcpool.github.max-sessions=0: must be between 1 and 10000"), m);
    }

    @Test
    void aBadDurationSaysWhatIsAccepted() {
        String m = failure("bad-duration");
        assertTrue(m.contains("mcpool.github.borrow-timeout=soon: must be a duration"), m);
        assertTrue(m.contains("PT30S") && m.contains("500ms"), m);
    }

    @Test
    void aMisspeltKeyIsRefusedWithASuggestionAndTheKnownKeys() {
        String m = failure("misspelt-key");
        assertTrue(m.contains("mcpool.github.max-sesions: 'max-sesions' is not a pool property"), m);
        assertTrue(m.contains("did you mean mcpool.github.max-sessions?"), m);
        assertTrue(m.contains("known properties: ") && m.contains("tool-cache-ttl") && m.contains("lazy-start"), m);
    }

    @Test
    void aMissingEndpointIsNamed() {
        String m = failure("missing-endpoint");
        assertTrue(m.contains("mcpool.github.endpoint=null: is required for transport STREAMABLE_HTTP"), m);
    }

    @Test
    void anInjectionPointNamingAnUnconfiguredPoolNamesItAndTheConfiguredOnes() {
        String m = failure("unknown-pool");
        assertTrue(m.contains("@McpPoolName(\"gitlab\") McpPool injected at "
                + NeedsGitlab.class.getName() + ".gitlab: no pool 'gitlab' is configured; configured pools: github, jira"), m);
    }

    @Test
    void anUnqualifiedInjectionPointWithSeveralPoolsAndNoDefaultIsRefused() {
        String m = failure("no-default");
        assertTrue(m.contains("without @McpPoolName, but pools github, jira are configured and none is named 'default'"), m);
    }

    @Test
    void everyProblemIsListedAndNoSecretIsShown() {
        String m = failure("secrets");
        assertTrue(m.contains("mcpool.github.lazy-start=maybe: must be true or false"), m);
        assertTrue(m.contains("mcpool.github.transport=carrier-pigeon: must be one of stdio, sse, streamable-http"), m);
        assertTrue(m.contains("problems in the MCP pool configuration"), m);
        assertFalse(m.contains("hunter2"), m);
        assertFalse(m.contains("s3cr3t"), m);
    }

    private String failure(String deployment) {
        Throwable thrown = assertThrows(Exception.class, () -> deployer.deploy(deployment));
        try {
            deployer.undeploy(deployment);
        } catch (RuntimeException ignored) {
            // the container cleans up after a failed deployment itself
        }
        DeploymentException cause = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof DeploymentException d) {
                cause = d;
            }
        }
        assertNotNull(cause, () -> "no DeploymentException in " + thrown);
        System.out.println("deployment '" + deployment + "' failed as expected: " + cause.getMessage());
        return cause.getMessage();
    }
}
