package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import io.modelcontextprotocol.modern.client.transport.McpTransportRequest;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Log messages of the stateless revision 2026-07-28 to the lease that asked: a server's {@code notifications/message}
 * arrives in the response stream of the request it belongs to, which the SDK client hands to no one; the transport is
 * wrapped so that each one reaches the {@code loggingListener} of the lease whose request it came with, converted to
 * the session-based type. That lease is the one the request's transport context names ({@link #with}: requests on the
 * async client, which many leases share at once), else the lease holding the handle then (requests on a handle's
 * sync client, made by that lease). Over stdio the SDK's transport drops log messages before they reach any wrapper:
 * there the server process's output is tapped instead ({@link StdioLogTap}, {@link #toHolderOf}).
 */
final class ModernLogs {

    private static final Logger LOG = LoggerFactory.getLogger(ModernLogs.class);
    private static final String METHOD = "notifications/message";
    /** The transport-context key under which a request's lease's options travel. */
    private static final String LEASE = "io.mcpool.lease-options";

    private ModernLogs() {
    }

    /**
     * @param context a request's transport context
     * @param lease   the options of the lease making the request
     * @return the context naming the lease whose listener hears the request's log messages
     */
    static McpTransportContext with(McpTransportContext context, BorrowOptions lease) {
        return context.putAll(Map.of(LEASE, lease));
    }

    /**
     * @param transport the transport of a handle, or of an async client
     * @param handle    the handle whose lease's listener hears log messages of requests whose context names no lease,
     *                  or null (an async client: such messages are dropped)
     * @return a transport that routes log messages to the lease of the request they came with
     */
    static McpClientTransport routed(McpClientTransport transport, ManagedSession handle) {
        return routed(transport, handle == null ? () -> null : () -> handle);
    }

    /**
     * @param transport the transport
     * @param handle    the handle whose lease hears a request's log messages when its context names none (its value
     *                  may change: an SDK client passed on to the next handle of its partition); null for none
     * @return {@code transport} with log messages routed to the lease of each request
     */
    static McpClientTransport routed(McpClientTransport transport, Supplier<ManagedSession> handle) {
        Supplier<BorrowOptions> holder = () -> {
            ManagedSession h = handle.get();
            return h == null ? null : ClientFeatures.optionsOf(h);
        };
        return new McpClientTransport() {
            @Override
            public Flux<JsonRpc.JSONRPCMessage> exchange(McpTransportRequest request) {
                return Flux.deferContextual(view -> {
                    McpTransportContext context = view.getOrDefault(McpTransportContext.KEY, null);
                    Object named = context == null ? null : context.get(LEASE);
                    return transport.exchange(request).doOnNext(message -> {
                        if (message instanceof JsonRpc.JSONRPCNotification n && METHOD.equals(n.method())) {
                            tell(named instanceof BorrowOptions lease ? lease : holder.get(), n);
                        }
                    });
                });
            }

            @Override
            public boolean mirrorsToolParams() {
                return transport.mirrorsToolParams();
            }
        };
    }

    /**
     * @param handle a handle with a stdio server process of its own, which serves one lease at a time
     * @return a consumer of that process's log messages ({@code params}): to the lease holding the handle
     */
    static Consumer<Map<String, Object>> toHolderOf(ManagedSession handle) {
        return params -> tell(ClientFeatures.optionsOf(handle), params);
    }

    private static void tell(BorrowOptions options, JsonRpc.JSONRPCNotification notification) {
        tell(options, notification.params());
    }

    private static void tell(BorrowOptions options, Object params) {
        Consumer<McpSchema.LoggingMessageNotification> listener = options == null ? null : options.loggingListener();
        if (listener == null) {
            return;
        }
        try {
            listener.accept(ModernCalls.convert(params, McpSchema.LoggingMessageNotification.class));
        } catch (RuntimeException e) {
            LOG.warn("A logging listener failed", e);
        }
    }
}
