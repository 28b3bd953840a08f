package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import io.modelcontextprotocol.modern.client.transport.McpTransportRequest;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Log messages of the stateless revision 2026-07-28 to the lease that asked: a server's {@code notifications/message}
 * arrives in the response stream of the request it belongs to, which the SDK client hands to no one; the handle's
 * transport is wrapped so that each one reaches the {@code loggingListener} of the lease holding the handle then
 * (the request's caller), converted to the session-based type.
 */
final class ModernLogs {

    private static final Logger LOG = LoggerFactory.getLogger(ModernLogs.class);
    private static final String METHOD = "notifications/message";

    private ModernLogs() {
    }

    /**
     * @param transport the handle's transport
     * @param handle    the handle whose lease's listener hears the log messages
     * @return a transport that routes log messages to the lease holding {@code handle}
     */
    static McpClientTransport routed(McpClientTransport transport, ManagedSession handle) {
        return new McpClientTransport() {
            @Override
            public Flux<JsonRpc.JSONRPCMessage> exchange(McpTransportRequest request) {
                return transport.exchange(request).doOnNext(message -> {
                    if (message instanceof JsonRpc.JSONRPCNotification n && METHOD.equals(n.method())) {
                        tell(handle, n);
                    }
                });
            }

            @Override
            public boolean mirrorsToolParams() {
                return transport.mirrorsToolParams();
            }
        };
    }

    private static void tell(ManagedSession handle, JsonRpc.JSONRPCNotification notification) {
        SessionLease lease = handle.lease();
        BorrowOptions options = lease == null ? null : lease.options();
        Consumer<McpSchema.LoggingMessageNotification> listener = options == null ? null : options.loggingListener();
        if (listener == null) {
            return;
        }
        try {
            listener.accept(ModernCalls.convert(notification.params(), McpSchema.LoggingMessageNotification.class));
        } catch (RuntimeException e) {
            LOG.warn("A logging listener failed", e);
        }
    }
}
