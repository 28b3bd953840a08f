package io.mcpool.spi;

import io.mcpool.SessionKey;
import io.mcpool.Transport;
import java.util.Objects;

/**
 * One MCP request a pool is about to send, as an {@link OperationInterceptor} sees it. Nothing in it
 * is secret: the server is named by host and port only, never by its full URL.
 *
 * @param poolName        the pool's name
 * @param method          the MCP method, e.g. {@value #TOOLS_CALL}
 * @param target          what the method acts on: the tool's or prompt's name, the resource's URI;
 *                        null for listings, {@code ping} and {@code initialize}
 * @param sessionId       the pool's id of the session that carries it (as {@code PooledSession.sessionId()}
 *                        shows it; not the server's {@code Mcp-Session-Id})
 * @param key             the session's key (its tenant, if any)
 * @param transport       how the pool reaches the server
 * @param serverAddress   the server's host for the HTTP transports; null for stdio
 * @param serverPort      the server's port for the HTTP transports (the scheme's default when the
 *                        URL names none); -1 for stdio
 * @param protocolVersion the MCP protocol version the session negotiated; null for {@code initialize}
 * @param attempt         0 for the first attempt, 1 when the pool repeats the operation on a fresh
 *                        session after a session-level failure
 */
public record McpOperation(String poolName, String method, String target, String sessionId, SessionKey key,
        Transport transport, String serverAddress, int serverPort, String protocolVersion, int attempt) {

    /** {@code initialize}: a session's handshake. */
    public static final String INITIALIZE = "initialize";
    /** {@code tools/call}. */
    public static final String TOOLS_CALL = "tools/call";
    /** {@code tools/list}; a listing of several pages is one operation. */
    public static final String TOOLS_LIST = "tools/list";
    /** {@code resources/list}. */
    public static final String RESOURCES_LIST = "resources/list";
    /** {@code resources/read}. */
    public static final String RESOURCES_READ = "resources/read";
    /** {@code resources/templates/list}. */
    public static final String RESOURCES_TEMPLATES_LIST = "resources/templates/list";
    /** {@code prompts/list}. */
    public static final String PROMPTS_LIST = "prompts/list";
    /** {@code prompts/get}. */
    public static final String PROMPTS_GET = "prompts/get";
    /** {@code ping}. */
    public static final String PING = "ping";

    /** The stateless revision's {@code server/discover}: the pool's one question to an endpoint set to {@code auto}. */
    public static final String DISCOVER = "server/discover";

    /** Checks the required parts. */
    public McpOperation {
        Objects.requireNonNull(poolName, "poolName");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(transport, "transport");
    }

    /**
     * @return {@code method}, then {@code target} when there is one: e.g. {@code tools/call get_weather}
     *     (for tools and prompts the span name the OpenTelemetry conventions for MCP give; for
     *     {@code resources/read} the conventions keep the URI out of the span name)
     */
    public String displayName() {
        return target == null ? method : method + ' ' + target;
    }
}
