package io.mcpool.impl;

import io.mcpool.BorrowOptions;
import io.mcpool.PoolConfig;
import io.mcpool.spi.ClientCapability;
import io.mcpool.spi.ElicitationHandler;
import io.mcpool.spi.RootsHandler;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What the pool's sessions offer a server beyond answering its responses: the client capabilities
 * (elicitation, sampling, roots) and where the server's progress and log notifications go.
 *
 * <p>Routing: a session is lent to one lease at a time, and the lease is set on the session when it is
 * lent and cleared when it comes back ({@link ManagedSession#lease()}). Every server request and
 * notification is routed through that lease: its own handler or listener, else the pool's handler. A
 * request that arrives while no lease holds the session (a health probe, a call that timed out and was
 * given back) is answered by the pool's handler, or refused with a JSON-RPC error naming the missing
 * handler. So a borrower's handler only ever sees requests made while its lease held the session.
 *
 * <p>Nothing is set on lend or return: the lease already carries its options, and the session already
 * knows its lease. The borrow path only runs {@link #checkBorrow} (three null checks for a borrow without
 * handlers) and a lease's tool call {@link #askingForProgress} (one null check without a listener).
 */
final class ClientFeatures {

    private static final Logger LOG = LoggerFactory.getLogger(ClientFeatures.class);
    private static final AtomicLong PROGRESS_TOKENS = new AtomicLong();
    private static final TypeRef<McpSchema.ProgressNotification> PROGRESS = new TypeRef<>() {
    };
    private static final TypeRef<McpSchema.LoggingMessageNotification> LOGGING = new TypeRef<>() {
    };

    private final PoolConfig config;

    ClientFeatures(PoolConfig config) {
        this.config = config;
    }

    /**
     * @return what the session's {@link PoolManagedTransport} takes from the server before the SDK client sees
     *     it: progress and log notifications for a lease with listeners and, when the pool advertises roots,
     *     {@code roots/list} requests (the SDK client answers those from one fixed list per client, which cannot
     *     follow the session from lease to lease)
     */
    Function<McpSchema.JSONRPCMessage, Mono<McpSchema.JSONRPCResponse>> takenHere(ManagedSession session,
            McpClientTransport transport) {
        boolean roots = config.clientCapabilities().contains(ClientCapability.ROOTS);
        return message -> takenHere(session, transport, message, roots);
    }

    /** Adds the capabilities the pool advertises, and the routing of the server's requests for them, to {@code spec}. */
    McpClient.SyncSpec configure(McpClient.SyncSpec spec, ManagedSession session) {
        Set<ClientCapability> advertised = config.clientCapabilities();
        if (advertised.isEmpty()) {
            return spec;
        }
        McpSchema.ClientCapabilities.Builder capabilities = McpSchema.ClientCapabilities.builder();
        boolean form = advertised.contains(ClientCapability.ELICITATION_FORM);
        boolean url = advertised.contains(ClientCapability.ELICITATION_URL);
        if (form || url) {
            capabilities.elicitation(form, url);
            if (form) {
                spec.elicitation(request -> elicit(session, request)).applyElicitationDefaults(true);
            }
            if (url) {
                spec.urlElicitation(request -> elicit(session, request));
            }
        }
        if (advertised.contains(ClientCapability.SAMPLING)) {
            capabilities.sampling();
            spec.sampling(request -> sample(session, request));
        }
        if (advertised.contains(ClientCapability.ROOTS)) {
            // Roots follow the lease: the server is answered afresh on every request, and told when the session
            // moves to a lease with other roots (leaseStarts).
            capabilities.roots(true);
        }
        return spec.capabilities(capabilities.build());
    }

    /**
     * Takes a server message on arrival, while the lease whose call it belongs to still holds the session.
     *
     * @return null to leave the message to the SDK client, else the answer to send (empty for none)
     */
    private Mono<McpSchema.JSONRPCResponse> takenHere(ManagedSession session, McpClientTransport transport,
            McpSchema.JSONRPCMessage message, boolean roots) {
        if (message instanceof McpSchema.JSONRPCNotification notification) {
            SessionLease lease = session.lease();
            if (lease == null) {
                return null;
            }
            if (McpSchema.METHOD_NOTIFICATION_PROGRESS.equals(notification.method())
                    && lease.options().progressListener() != null) {
                tell(lease.options().progressListener(), transport.unmarshalFrom(notification.params(), PROGRESS),
                        "progress");
                return Mono.empty();
            }
            if (McpSchema.METHOD_NOTIFICATION_MESSAGE.equals(notification.method())
                    && lease.options().loggingListener() != null) {
                tell(lease.options().loggingListener(), transport.unmarshalFrom(notification.params(), LOGGING),
                        "logging");
                return Mono.empty();
            }
            return null;
        }
        if (roots && message instanceof McpSchema.JSONRPCRequest request
                && McpSchema.METHOD_ROOTS_LIST.equals(request.method())) {
            RootsHandler handler;
            try {
                handler = handler(optionsOf(session), BorrowOptions::rootsHandler, config.rootsHandler(), "roots",
                        "rootsHandler");
            } catch (McpError none) {
                return Mono.just(McpSchema.JSONRPCResponse.error(request.id(), none.getJsonRpcError()));
            }
            session.rootsAnsweredBy(handler);
            return Mono.fromCallable(() -> McpSchema.JSONRPCResponse.result(request.id(),
                            new McpSchema.ListRootsResult(listRoots(handler))))
                    .onErrorResume(failure -> Mono.just(McpSchema.JSONRPCResponse.error(request.id(),
                            new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR,
                                    "The roots handler of pool '" + config.name() + "' failed: " + failure, null))))
                    .subscribeOn(Schedulers.boundedElastic());
        }
        return null;
    }

    /** @return the answer of the handler of the lease holding {@code session}, else the pool's; JSON-RPC errors as refusals */
    McpSchema.ElicitResult elicit(ManagedSession session, McpSchema.ElicitRequest request) {
        return elicit(optionsOf(session), request);
    }

    /**
     * @param asker the options of the lease that made the call, or null when no lease did
     * @return the answer of {@code asker}'s handler, else the pool's; JSON-RPC errors as refusals
     */
    McpSchema.ElicitResult elicit(BorrowOptions asker, McpSchema.ElicitRequest request) {
        if (request instanceof McpSchema.ElicitUrlRequest
                && !config.clientCapabilities().contains(ClientCapability.ELICITATION_URL)) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message("Pool '" + config.name() + "' does not accept URL-mode elicitation (it advertises "
                            + config.clientCapabilities() + ")")
                    .build();
        }
        ElicitationHandler handler = handler(asker, BorrowOptions::elicitationHandler, config.elicitationHandler(),
                "elicitation", "elicitationHandler");
        McpSchema.ElicitResult result = handler.elicit(request);
        if (result == null) {
            throw new IllegalStateException("The elicitation handler of pool '" + config.name() + "' returned null");
        }
        return result;
    }

    /** @return the answer of the sampling handler of the lease holding {@code session}, else the pool's */
    McpSchema.CreateMessageResult sample(ManagedSession session, McpSchema.CreateMessageRequest request) {
        return sample(optionsOf(session), request);
    }

    /** @return the answer of the sampling handler of {@code asker} (a lease's options, or null), else the pool's */
    McpSchema.CreateMessageResult sample(BorrowOptions asker, McpSchema.CreateMessageRequest request) {
        return handler(asker, BorrowOptions::samplingHandler, config.samplingHandler(), "sampling",
                "samplingHandler").createMessage(request);
    }

    /** @return the roots of the roots handler of the lease holding {@code session}, else the pool's */
    List<McpSchema.Root> roots(ManagedSession session) {
        return roots(optionsOf(session));
    }

    /** @return the roots of the roots handler of {@code asker} (a lease's options, or null), else the pool's */
    List<McpSchema.Root> roots(BorrowOptions asker) {
        return listRoots(handler(asker, BorrowOptions::rootsHandler, config.rootsHandler(), "roots", "rootsHandler"));
    }

    /** @return the pool's name, for messages */
    String poolName() {
        return config.name();
    }

    private List<McpSchema.Root> listRoots(RootsHandler handler) {
        List<McpSchema.Root> roots = handler.listRoots();
        if (roots == null) {
            throw new IllegalStateException("the handler returned null");
        }
        return roots;
    }

    /** @return the options of the lease holding {@code session}, or null */
    static BorrowOptions optionsOf(ManagedSession session) {
        SessionLease lease = session.lease();
        return lease == null ? null : lease.options();
    }

    /** @return the handler of the lease {@code asker} (its options, or null), else the pool's; a JSON-RPC error if neither */
    private <H> H handler(BorrowOptions asker, Function<BorrowOptions, H> own, H poolWide, String feature,
            String setter) {
        H handler = asker == null ? null : own.apply(asker);
        if (handler != null) {
            return handler;
        }
        if (poolWide != null) {
            return poolWide;
        }
        throw McpError.builder(McpSchema.ErrorCodes.METHOD_NOT_FOUND)
                .message("Pool '" + config.name() + "' has no " + feature + " handler for this request: "
                        + (asker == null ? "no lease held the session when it arrived"
                                : "the lease that made the call set none")
                        + " and the pool has none (BorrowOptions." + setter + " / PoolConfig." + setter + ")")
                .build();
    }

    private <N> void tell(Consumer<N> listener, N notification, String kind) {
        if (listener == null) {
            LOG.debug("Pool '{}': {} notification with no listener to tell: {}", config.name(), kind, notification);
            return;
        }
        try {
            listener.accept(notification);
        } catch (RuntimeException e) {
            LOG.warn("Pool '{}': a {} listener failed", config.name(), kind, e);
        }
    }

    /**
     * A lease starts on {@code session}: when the server holds the roots of another handler than this lease's, it
     * is sent {@code notifications/roots/list_changed}, so that it asks again (and the lease's handler answers).
     * Costs one field read when the server never asked for roots (the borrow path's common case).
     */
    static void leaseStarts(ManagedSession session, SessionLease lease, Supplier<PoolConfig> config) {
        RootsHandler known = session.rootsAnsweredBy();
        if (known == null) {
            return;
        }
        RootsHandler own = lease.options().rootsHandler();
        RootsHandler now = own != null ? own : config.get().rootsHandler();
        PoolManagedTransport transport = session.transport();
        if (known != now && transport != null) {
            session.rootsAnsweredBy(null); // until the server asks again
            transport.notify(McpSchema.METHOD_NOTIFICATION_ROOTS_LIST_CHANGED, null, lease.transportContext());
        }
    }

    /**
     * Refuses a borrow that brings a handler for a capability the pool does not advertise: its sessions
     * were initialized without it, so the server would never send such a request.
     */
    static void checkBorrow(BorrowOptions options, PoolConfig config) {
        if (options.elicitationHandler() == null && options.samplingHandler() == null
                && options.rootsHandler() == null) {
            return;
        }
        Set<ClientCapability> advertised = config.clientCapabilities();
        if (options.elicitationHandler() != null && !advertised.contains(ClientCapability.ELICITATION_FORM)
                && !advertised.contains(ClientCapability.ELICITATION_URL)) {
            throw notAdvertised(config, "elicitationHandler", "ELICITATION_FORM");
        }
        if (options.samplingHandler() != null && !advertised.contains(ClientCapability.SAMPLING)) {
            throw notAdvertised(config, "samplingHandler", "SAMPLING");
        }
        if (options.rootsHandler() != null && !advertised.contains(ClientCapability.ROOTS)) {
            throw notAdvertised(config, "rootsHandler", "ROOTS");
        }
    }

    private static IllegalArgumentException notAdvertised(PoolConfig config, String setter, String capability) {
        return new IllegalArgumentException("BorrowOptions." + setter + " is set, but pool '" + config.name()
                + "' does not advertise " + capability + " (its capabilities: " + config.clientCapabilities()
                + "); set PoolConfig." + setter + " or declare PoolConfig.clientCapabilities(ClientCapability."
                + capability + ")");
    }

    /**
     * @return {@code request}, or, for a lease with a progress listener, the request asking for progress (a
     *     fresh {@code progressToken} in its {@code _meta}) when it carries no token of its own
     */
    static McpSchema.CallToolRequest askingForProgress(McpSchema.CallToolRequest request, BorrowOptions options) {
        if (options.progressListener() == null
                || request.meta() != null && request.meta().containsKey("progressToken")) {
            return request;
        }
        Map<String, Object> meta = request.meta() == null ? new HashMap<>() : new HashMap<>(request.meta());
        meta.put("progressToken", "mcpool-" + PROGRESS_TOKENS.incrementAndGet());
        return new McpSchema.CallToolRequest(request.name(), request.arguments(), meta);
    }
}
