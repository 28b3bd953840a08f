package io.mcpool.examples.liberty;

import io.mcpool.McpPool;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.cdi.McpPools;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Calls the MCP tool {@code echo} through the pools that {@code microprofile-config.properties} defines.
 *
 * <ul>
 *   <li>{@code GET /api/echo?message=hi}: through the pool {@code everything}, injected by name;</li>
 *   <li>{@code GET /api/pools/{pool}/echo?message=hi}: through any configured pool;</li>
 *   <li>{@code GET /api/pools}: each configured pool and whether it is ready.</li>
 * </ul>
 */
@Path("/")
@RequestScoped
public class ToolsResource {

    @Inject
    @McpPoolName("everything")
    McpPool everything;

    @Inject
    McpPools pools;

    /**
     * @param message what the tool echoes
     * @return the tool's text
     */
    @GET
    @Path("echo")
    @Produces(MediaType.TEXT_PLAIN)
    public String echo(@QueryParam("message") @DefaultValue("hello") String message) {
        // Borrow a warm session, call, give it back: one line.
        return text(everything.callTool("echo", Map.of("message", message)));
    }

    /**
     * @param pool the configured pool's name
     * @param message what the tool echoes
     * @return the tool's text
     */
    @GET
    @Path("pools/{pool}/echo")
    @Produces(MediaType.TEXT_PLAIN)
    public String echoThrough(@PathParam("pool") String pool, @QueryParam("message") @DefaultValue("hello") String message) {
        McpPool chosen = pools.asMap().get(pool);
        if (chosen == null) {
            throw new NotFoundException("no pool named " + pool + "; configured: " + pools.asMap().keySet());
        }
        return text(chosen.callTool("echo", Map.of("message", message)));
    }

    /** @return {@code name=ready} or {@code name=not-ready} for each configured pool, by name */
    @GET
    @Path("pools")
    @Produces(MediaType.TEXT_PLAIN)
    public String pools() {
        return pools.asMap().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
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
