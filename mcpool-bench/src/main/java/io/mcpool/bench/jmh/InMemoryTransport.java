package io.mcpool.bench.jmh;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * An MCP client transport that is its own server, in memory: it answers {@code initialize},
 * {@code ping}, {@code tools/list} and {@code tools/call} (echo) on the caller's thread, without
 * I/O. The pool-overhead benchmark plugs it in through the public {@code TransportFactory} SPI, the
 * same door a real transport uses, so a pooled session costs what the pool and the SDK client cost,
 * and nothing else.
 */
public final class InMemoryTransport implements McpClientTransport {

    private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();
    private static final McpSchema.ServerCapabilities CAPABILITIES = McpSchema.ServerCapabilities.builder()
            .tools(false).build();
    private static final McpSchema.Implementation SERVER = McpSchema.Implementation.builder("in-memory", "1.0.0").build();

    private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler;

    /** Creates a transport; {@code connect} makes it live. */
    public InMemoryTransport() {
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        this.handler = handler;
        return Mono.empty();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (!(message instanceof McpSchema.JSONRPCRequest request)) {
            return Mono.empty(); // notifications need no answer
        }
        return Mono.fromRunnable(() -> handler.apply(Mono.just(answer(request))).subscribe());
    }

    private static McpSchema.JSONRPCResponse answer(McpSchema.JSONRPCRequest request) {
        Object result = switch (request.method()) {
            case McpSchema.METHOD_INITIALIZE -> new McpSchema.InitializeResult(
                    JSON.convertValue(request.params(), McpSchema.InitializeRequest.class).protocolVersion(),
                    CAPABILITIES, SERVER, null, null);
            case McpSchema.METHOD_PING -> Map.of();
            case McpSchema.METHOD_TOOLS_LIST -> new McpSchema.ListToolsResult(List.of(), null, null);
            case McpSchema.METHOD_TOOLS_CALL -> McpSchema.CallToolResult.builder()
                    .addTextContent(String.valueOf(
                            JSON.convertValue(request.params(), McpSchema.CallToolRequest.class).arguments().get("message")))
                    .build();
            default -> null;
        };
        if (result == null) {
            return new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), null,
                    new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.METHOD_NOT_FOUND,
                            "not served in memory: " + request.method(), null));
        }
        return new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), result, null);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.empty();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return JSON.convertValue(data, typeRef);
    }
}
