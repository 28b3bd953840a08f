package io.mcpool.impl;

import io.mcpool.SessionKey;
import io.mcpool.impl.transport.ModernHttp;
import io.mcpool.spi.McpOperation;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpAsyncClient;
import io.modelcontextprotocol.modern.client.SubscriptionEvent;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * The pool's {@code subscriptions/listen} stream to an endpoint of the stateless revision 2026-07-28, which replaces
 * that revision's missing {@code notifications/.../list_changed} on a session: the server sends the changes of its
 * tools, prompts and resources listings on it, and each one invalidates what the pool keeps of that listing. One
 * stream per endpoint (the revision ties a stream to nothing but its filter: a change is the endpoint's, whoever
 * listens), opened lazily when a listing of the endpoint is cached, with the credentials of the identity that cached
 * it; listened to again after it drops (capped backoff; everything is invalidated then, since changes may have been
 * missed); closed with the pool. A server that offers none of these changes on it (HTTP 400, 404 or 405, the method
 * unknown, or every change left out of its acknowledgement) is not asked again; a change it leaves out is one the
 * pool learns of by its listings' {@code ttlMs} only.
 */
final class ListChangedStream {

    private static final Logger LOG = LoggerFactory.getLogger(ListChangedStream.class);

    /** The first wait before listening again after the stream dropped; doubled up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String poolName;
    private final Supplier<McpAsyncClient> client;
    private volatile Disposable listening;
    private volatile boolean closed;
    private volatile boolean unsupported;

    /** @param client the endpoint's async client of the revision (made on first use) */
    ListChangedStream(String poolName, Supplier<McpAsyncClient> client) {
        this.poolName = poolName;
        this.client = client;
    }

    /**
     * Opens the stream unless it is open (or the pool closed, or the server does not offer it).
     *
     * @param key       whose credentials the stream carries
     * @param onChanged told of each change: the method of the listing that changed ({@code tools/list},
     *                  {@code prompts/list}, {@code resources/list}), or null when the stream is listened to again
     *                  after a drop (anything may have changed meanwhile)
     */
    void ensureOpen(SessionKey key, Consumer<String> onChanged) {
        if (listening != null || closed || unsupported) {
            return;
        }
        synchronized (this) {
            if (listening != null || closed || unsupported) {
                return;
            }
            if (client.get() == null) {
                unsupported = true; // over stdio: each process is a server of its own, its listings live per process
                return;
            }
            McpTransportContext context = ModernHttp.context(key, Map.of());
            boolean[] first = {true};
            listening = Flux.defer(() -> client.get().listen().toolsChanged().promptsChanged().resourcesChanged().events())
                    .contextWrite(c -> c.put(McpTransportContext.KEY, context))
                    .repeatWhen(ended -> ended.delayElements(FIRST_BACKOFF)) // the server ended it: listen again
                    .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF).maxBackoff(MAX_BACKOFF)
                            .filter(failure -> !closed && !unsupported(failure)))
                    .subscribe(event -> {
                        if (event instanceof SubscriptionEvent.Subscribed subscribed) {
                            McpSchema.SubscriptionFilter honoured = subscribed.honoured();
                            if (honoured == null || !honoured.wantsToolsListChanged()
                                    && !honoured.wantsPromptsListChanged() && !honoured.wantsResourcesListChanged()) {
                                stop("the server offers no listing changes on subscriptions/listen");
                            } else if (!first[0]) {
                                onChanged.accept(null); // listening again: what changed meanwhile is unknown
                            }
                            first[0] = false;
                        } else if (event instanceof SubscriptionEvent.ToolsListChanged) {
                            onChanged.accept(McpOperation.TOOLS_LIST);
                        } else if (event instanceof SubscriptionEvent.PromptsListChanged) {
                            onChanged.accept(McpOperation.PROMPTS_LIST);
                        } else if (event instanceof SubscriptionEvent.ResourcesListChanged) {
                            onChanged.accept(McpOperation.RESOURCES_LIST);
                        }
                    }, failure -> {
                        if (unsupported(failure)) {
                            stop("subscriptions/listen is not offered (" + failure.getMessage() + ")");
                        } else if (!closed) {
                            LOG.warn("Pool '{}': the subscriptions/listen stream failed ({}); listings are served for "
                                    + "their ttlMs only until the next listing opens it again", poolName, failure.toString());
                            listening = null;
                        }
                    });
        }
    }

    /** @return whether the stream is open (or being listened to again) */
    boolean isOpen() {
        return listening != null;
    }

    private void stop(String why) {
        unsupported = true;
        LOG.info("Pool '{}': {}; listings are served for their ttlMs only", poolName, why);
        Disposable d = listening;
        if (d != null) {
            d.dispose();
        }
    }

    /** @return true when the answer means the server does not know the method (as {@code auto} reads it) */
    private static boolean unsupported(Throwable failure) {
        return EraProbe.meansSessionBased(failure);
    }

    /** Closes the stream for good (the pool is closing). */
    void close() {
        closed = true;
        Disposable d;
        synchronized (this) {
            d = listening;
            listening = null;
        }
        if (d != null) {
            d.dispose();
        }
    }
}
