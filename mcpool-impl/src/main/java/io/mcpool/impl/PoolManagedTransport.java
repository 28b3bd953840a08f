package io.mcpool.impl;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The SDK transport of one pooled session, unchanged but for one thing: the SDK client may not start a
 * new server session behind the pool's back.
 *
 * <p>When a server answers "session not found" (after a restart, say), MCP Java SDK 2.1.0 quietly runs
 * a new {@code initialize} in the background. The pool replaces lost sessions itself, and retires the
 * client at once, so that hidden session would belong to no one; closing the client while it is being
 * made leaves it open on the server for good. Here the loss goes to the pool instead, which retires the
 * session (and, for a shared server, notices the restart).
 *
 * <p>The same SDK client also re-initializes when it is asked for anything after its initialization
 * was dropped: while it is being closed (a health probe or a retry may still hold it), the request
 * would open a session on the server that no one closes. So this transport sends {@code initialize}
 * once; a second one fails without reaching the server.
 *
 * <p>Every request that fails in the transport (not with a JSON-RPC error from the server) is reported,
 * so the session is known broken however the request was made: through a lease, or through the
 * {@code client()} escape hatch.
 *
 * <p>It also remembers the id of the last request sent, so that a request its caller gave up on can be
 * cancelled ({@link #cancel}): MCP Java SDK 2.2.0 makes each request's id inside its client session and
 * tells no one. A lease has one caller at a time, so the request sent last is the one in flight. A call given up on
 * before its request reached this transport has its cancellation sent when the request does.
 *
 * <p>And the pool may take some of the server's messages before the SDK client sees them
 * ({@link ClientFeatures}): they are routed the moment they arrive, in the order the server sent them, so
 * they reach whoever holds the session then (the SDK client would hand them to its handlers later, on
 * another thread, when the session may have moved on to another lease).
 */
final class PoolManagedTransport implements McpClientTransport {

    private final McpClientTransport delegate;
    private final Consumer<Throwable> onSessionLost;
    private final Consumer<Throwable> onTransportFailure;
    private static final Logger LOG = LoggerFactory.getLogger(PoolManagedTransport.class);

    private final AtomicBoolean initializeSent = new AtomicBoolean();
    /** The id of the last request sent (not of {@code initialize}), or null before the first one. */
    private volatile Object lastRequestId;
    /** A cancellation for a request given up on before it went out: sent when it does (see {@link #cancelWhenSent}). */
    private final AtomicReference<PendingCancel> cancelOnSend = new AtomicReference<>();

    /** Why and for which lease a request not sent yet is cancelled. */
    private record PendingCancel(String reason, McpTransportContext context) {
    }

    /** How long a request given up on before it went out gets to reach the server ahead of its cancellation. */
    private static final Duration CANCEL_AFTER_LATE_SEND = Duration.ofMillis(20);
    private final Function<McpSchema.JSONRPCMessage, Mono<McpSchema.JSONRPCResponse>> takenHere;

    /**
     * @param delegate      the SDK transport
     * @param onSessionLost      told when the server no longer knows the session
     * @param onTransportFailure told when a request failed in the transport
     */
    PoolManagedTransport(McpClientTransport delegate, Consumer<Throwable> onSessionLost,
            Consumer<Throwable> onTransportFailure) {
        this(delegate, onSessionLost, onTransportFailure, message -> null);
    }

    /**
     * @param takenHere called on the transport's thread with each message from the server: null passes it on
     *     to the SDK client; otherwise the message is the pool's, and this is the answer to send (empty for none)
     */
    PoolManagedTransport(McpClientTransport delegate, Consumer<Throwable> onSessionLost,
            Consumer<Throwable> onTransportFailure,
            Function<McpSchema.JSONRPCMessage, Mono<McpSchema.JSONRPCResponse>> takenHere) {
        this.delegate = delegate;
        this.onSessionLost = onSessionLost;
        this.onTransportFailure = onTransportFailure;
        this.takenHere = takenHere;
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(failure -> {
            if (failure instanceof McpTransportSessionNotFoundException) {
                onSessionLost.accept(failure);
            } else {
                handler.accept(failure);
            }
        });
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(inbound -> handler.apply(inbound.flatMap(message -> {
            Mono<McpSchema.JSONRPCResponse> answer = takenHere.apply(message);
            if (answer == null) {
                return Mono.just(message);
            }
            answer.flatMap(this::sendMessage).subscribe(null, failure -> LOG.debug("Could not answer {}", message, failure));
            return Mono.empty();
        })));
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request) {
            if (!McpSchema.METHOD_INITIALIZE.equals(request.method())) {
                lastRequestId = request.id();
                PendingCancel late = cancelOnSend.get();
                if (late != null && !McpSchema.METHOD_PING.equals(request.method())
                        && cancelOnSend.compareAndSet(late, null)) {
                    return sent(message).doOnSubscribe(ignored -> Mono.delay(CANCEL_AFTER_LATE_SEND)
                            .subscribe(tick -> cancel(request.id(), late.reason(), late.context())));
                }
            } else if (!initializeSent.compareAndSet(false, true)) {
                IllegalStateException twice = new IllegalStateException("A pooled MCP session may not be initialized "
                        + "twice: the pool replaces a session that lost its initialization");
                onTransportFailure.accept(twice);
                return Mono.error(twice);
            }
        }
        return sent(message);
    }

    private Mono<Void> sent(McpSchema.JSONRPCMessage message) {
        return delegate.sendMessage(message).doOnError(failure -> {
            if (!Failures.leavesSessionUsable(failure) && !Failures.isInterruption(failure)) {
                onTransportFailure.accept(failure);
            }
        });
    }

    /** @return the id of the last request sent on this transport, or null before the first one */
    Object lastRequestId() {
        return lastRequestId;
    }

    /**
     * A call starts on this session: a cancellation still waiting for an earlier request that never went out is
     * dropped, so it cannot reach this call's request.
     *
     * @return the id of the last request sent, to tell this call's own request from it later
     */
    Object callStarts() {
        if (cancelOnSend.get() != null) {
            cancelOnSend.set(null);
        }
        return lastRequestId;
    }

    /**
     * Cancels the request of a call given up on before the SDK handed it to this transport (it may still be on its
     * way): the next request other than a ping is cancelled once sent, unless another call starts first. If it went
     * out meanwhile, it is cancelled now.
     *
     * @param before  {@link #callStarts()} of the call
     * @param reason  why, for the server's logs
     * @param context the lease's transport context
     */
    void cancelWhenSent(Object before, String reason, McpTransportContext context) {
        PendingCancel pending = new PendingCancel(reason, context);
        cancelOnSend.set(pending);
        Object id = lastRequestId;
        if (id != before && cancelOnSend.compareAndSet(pending, null)) {
            cancel(id, reason, context);
        }
    }

    /**
     * Tells the server to stop working on a request: MCP's {@code notifications/cancelled}. Sent in the
     * background; a failure to send marks the session broken (as any failed send does).
     *
     * @param requestId the request's id
     * @param reason    why, for the server's logs
     * @param context   the lease's transport context (its headers reach the wire as on its requests)
     */
    void cancel(Object requestId, String reason, McpTransportContext context) {
        notify(METHOD_CANCELLED, Map.of("requestId", requestId, "reason", reason), context);
    }

    /**
     * Sends the server a notification in the background; a failure to send marks the session broken (as any
     * failed send does).
     *
     * @param method  the notification
     * @param params  its parameters, or null
     * @param context the lease's transport context (its headers reach the wire as on its requests)
     */
    void notify(String method, Object params, McpTransportContext context) {
        sendMessage(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, method, params))
                .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                .subscribe(ignored -> { }, failure -> { });
    }

    /** MCP's notification that a request is cancelled (2025-11-25: {@code requestId}, {@code reason}). */
    static final String METHOD_CANCELLED = "notifications/cancelled";

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
