package io.mcpool.it.app;

import io.mcpool.CircuitOpenException;
import io.mcpool.McpPool;
import io.mcpool.PoolClosedException;
import io.mcpool.PoolExhaustedException;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.cdi.McpPools;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Calls MCP tools through injected pools: what an application on Open Liberty does with mcpool-cdi.
 */
@Path("/tools")
@RequestScoped
public class ToolsResource {

    @Inject
    McpPool pool;

    @Inject
    @McpPoolName("backup")
    McpPool backup;

    @Inject
    McpPools pools;

    /** Attempts of {@link #backupEcho}, retries included: shows that Fault Tolerance retried. */
    private static final AtomicInteger BACKUP_ATTEMPTS = new AtomicInteger();

    /**
     * @param message what to echo
     * @return the echo tool's text, through the default pool
     */
    @GET
    @Path("/echo")
    @Produces(MediaType.TEXT_PLAIN)
    public String echo(@QueryParam("message") String message) {
        return text(pool.callTool("echo", Map.of("message", message)));
    }

    /**
     * The pattern docs/jakarta.md recommends: MP Fault Tolerance on the application's method, retrying
     * what a new attempt can fix, not what the pool already handled (exhausted, breaker open, closed).
     *
     * @param message what to echo
     * @return the echo tool's text, through the "backup" pool
     */
    @GET
    @Path("/backup/echo")
    @Produces(MediaType.TEXT_PLAIN)
    @Bulkhead(8)
    @Retry(maxRetries = 1, delay = 200, jitter = 50, abortOn = {PoolExhaustedException.class, CircuitOpenException.class,
            PoolClosedException.class})
    public String backupEcho(@QueryParam("message") String message) {
        BACKUP_ATTEMPTS.incrementAndGet();
        return text(backup.callTool("echo", Map.of("message", message)));
    }

    /** @return how many times {@link #backupEcho} ran, retries included */
    @GET
    @Path("/backup/attempts")
    @Produces(MediaType.TEXT_PLAIN)
    public String backupAttempts() {
        return Integer.toString(BACKUP_ATTEMPTS.get());
    }

    /** @return the configured pools and whether each is ready */
    @GET
    @Path("/pools")
    @Produces(MediaType.TEXT_PLAIN)
    public String pools() {
        return pools.asMap().entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue().isReady() ? "ready" : "not-ready"))
                .collect(Collectors.joining(","));
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text())
                .collect(Collectors.joining());
    }
}
