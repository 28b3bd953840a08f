package io.mcpool;

import io.mcpool.internal.Redactor;
import io.mcpool.spi.ElicitationHandler;
import io.mcpool.spi.RootsHandler;
import io.mcpool.spi.SamplingHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How one borrow is made: the partition ({@link #tenant()}, {@link #affinityKey()}), headers sent
 * on that lease's requests only, and the wait bound; and what answers the server for this lease: its
 * elicitation, sampling and roots handlers (in place of the pool's), and listeners for the progress and
 * log notifications the server sends while this lease's calls run.
 */
public final class BorrowOptions {

    private static final BorrowOptions NONE = new Builder().build();

    private final Map<String, String> headers;
    private final String tenant;
    private final String affinityKey;
    private final Duration timeout;
    private final boolean retryToolCalls;
    private final boolean forwardCredentialsOnFailover;
    private final ElicitationHandler elicitationHandler;
    private final SamplingHandler samplingHandler;
    private final RootsHandler rootsHandler;
    private final Consumer<McpSchema.ProgressNotification> progressListener;
    private final Consumer<McpSchema.LoggingMessageNotification> loggingListener;

    private BorrowOptions(Builder b) {
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.tenant = b.tenant;
        this.affinityKey = b.affinityKey;
        this.timeout = b.timeout;
        this.retryToolCalls = b.retryToolCalls;
        this.forwardCredentialsOnFailover = b.forwardCredentialsOnFailover;
        this.elicitationHandler = b.elicitationHandler;
        this.samplingHandler = b.samplingHandler;
        this.rootsHandler = b.rootsHandler;
        this.progressListener = b.progressListener;
        this.loggingListener = b.loggingListener;
    }

    /** @return a builder holding these options, to derive others from them */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.headers.putAll(headers);
        b.tenant = tenant;
        b.affinityKey = affinityKey;
        b.timeout = timeout;
        b.retryToolCalls = retryToolCalls;
        b.forwardCredentialsOnFailover = forwardCredentialsOnFailover;
        b.elicitationHandler = elicitationHandler;
        b.samplingHandler = samplingHandler;
        b.rootsHandler = rootsHandler;
        b.progressListener = progressListener;
        b.loggingListener = loggingListener;
        return b;
    }

    /** @return options with no headers, the shared partition and the pool's borrow timeout */
    public static BorrowOptions none() {
        return NONE;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return headers sent on this lease's HTTP requests only */
    public Map<String, String> headers() {
        return headers;
    }

    /** @return the tenant, or null */
    public String tenant() {
        return tenant;
    }

    /** @return the affinity key, or null */
    public String affinityKey() {
        return affinityKey;
    }

    /** @return the wait bound, or null for the pool's {@code borrowTimeout} */
    public Duration timeout() {
        return timeout;
    }

    /**
     * @return true when the caller declares this lease's tool calls safe to repeat: a call that fails
     *     on a broken session is retried once on a fresh one even if the tool is not annotated
     *     idempotent or read-only
     */
    public boolean retryToolCalls() {
        return retryToolCalls;
    }

    /**
     * @return true when the borrower declares that its credential headers (those whose names hold
     *     secrets: {@code Authorization}, {@code X-API-Key}, cookies, ...) are valid for every pool of an
     *     {@code McpPoolManager}, so they are kept when the manager fails over to another pool; default
     *     false: they are dropped on failover and the next pool uses its own configured credentials
     */
    public boolean forwardCredentialsOnFailover() {
        return forwardCredentialsOnFailover;
    }

    /** @return what answers the server's elicitation requests during this lease's calls, or null for the pool's */
    public ElicitationHandler elicitationHandler() {
        return elicitationHandler;
    }

    /** @return what answers the server's sampling requests during this lease's calls, or null for the pool's */
    public SamplingHandler samplingHandler() {
        return samplingHandler;
    }

    /** @return what answers the server's {@code roots/list} requests during this lease's calls, or null for the pool's */
    public RootsHandler rootsHandler() {
        return rootsHandler;
    }

    /** @return told of the progress notifications of this lease's calls, or null */
    public Consumer<McpSchema.ProgressNotification> progressListener() {
        return progressListener;
    }

    /** @return told of the log messages the server sends while this lease holds the session, or null */
    public Consumer<McpSchema.LoggingMessageNotification> loggingListener() {
        return loggingListener;
    }

    @Override
    public String toString() {
        return "BorrowOptions{tenant=" + tenant + ", affinityKey=" + affinityKey + ", headers=" + Redactor.redactHeaders(headers)
                + ", timeout=" + timeout + (forwardCredentialsOnFailover ? ", forwardCredentialsOnFailover" : "") + '}';
    }

    /** Builds {@link BorrowOptions}; {@link #build()} refuses invalid headers and timeouts. */
    public static final class Builder {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String tenant;
        private String affinityKey;
        private Duration timeout;
        private boolean retryToolCalls;
        private boolean forwardCredentialsOnFailover;
        private ElicitationHandler elicitationHandler;
        private SamplingHandler samplingHandler;
        private RootsHandler rootsHandler;
        private Consumer<McpSchema.ProgressNotification> progressListener;
        private Consumer<McpSchema.LoggingMessageNotification> loggingListener;

        private Builder() {
        }

        /**
         * @param name a header set before (names compared ignoring case)
         * @return this
         */
        public Builder removeHeader(String name) {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            return this;
        }

        /**
         * @param forward true when the credential headers of this borrow are valid for every pool of a
         *     manager (replicas of one service sharing credentials) and may follow a failover; default
         *     false: the manager drops them before trying another pool
         * @return this
         */
        public Builder forwardCredentialsOnFailover(boolean forward) {
            this.forwardCredentialsOnFailover = forward;
            return this;
        }

        /**
         * @param name  a header sent on this lease's requests only
         * @param value its value
         * @return this
         */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** @param headers headers sent on this lease's requests only, added to any set before */
        public Builder headers(Map<String, String> headers) {
            this.headers.putAll(Objects.requireNonNull(headers, "headers"));
            return this;
        }

        /** @param tenant the tenant whose sessions to use */
        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        /** @param affinityKey borrows with the same affinity key prefer the same session */
        public Builder affinityKey(String affinityKey) {
            this.affinityKey = affinityKey;
            return this;
        }

        /** @param timeout how long to wait for a session, overriding the pool's borrowTimeout; must be positive */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * @param retryToolCalls true to let the pool repeat a tool call once on a fresh session after a
         *     session-level failure (the caller vouches that the call is safe to repeat); default false,
         *     in which case only tools annotated {@code idempotentHint} or {@code readOnlyHint} are retried
         * @return this
         */
        public Builder retryToolCalls(boolean retryToolCalls) {
            this.retryToolCalls = retryToolCalls;
            return this;
        }

        /**
         * @param handler answers the server's elicitation requests made during this lease's calls, instead of
         *     the pool's; the pool must advertise elicitation (a pool-wide handler, or
         *     {@code PoolConfig.Builder.clientCapabilities}), else the borrow is refused
         * @return this
         */
        public Builder elicitationHandler(ElicitationHandler handler) {
            this.elicitationHandler = handler;
            return this;
        }

        /**
         * @param handler answers the server's sampling requests made during this lease's calls, instead of the
         *     pool's; the pool must advertise sampling, else the borrow is refused
         * @return this
         */
        public Builder samplingHandler(SamplingHandler handler) {
            this.samplingHandler = handler;
            return this;
        }

        /**
         * @param handler answers the server's {@code roots/list} requests made during this lease's calls,
         *     instead of the pool's; the pool must advertise roots, else the borrow is refused
         * @return this
         */
        public Builder rootsHandler(RootsHandler handler) {
            this.rootsHandler = handler;
            return this;
        }

        /**
         * @param listener told of each {@code notifications/progress} the server sends for this lease's calls;
         *     with a listener set, the lease's tool calls ask for progress (a {@code progressToken} is added to
         *     a call that carries none). Runs on a worker thread of the SDK; keep it short.
         * @return this
         */
        public Builder progressListener(Consumer<McpSchema.ProgressNotification> listener) {
            this.progressListener = listener;
            return this;
        }

        /**
         * @param listener told of each {@code notifications/message} (a server log message) that arrives while
         *     this lease holds the session. Runs on a worker thread of the SDK; keep it short.
         * @return this
         */
        public Builder loggingListener(Consumer<McpSchema.LoggingMessageNotification> listener) {
            this.loggingListener = listener;
            return this;
        }

        /**
         * @return the options
         * @throws IllegalArgumentException for a header that is not a valid HTTP header or a non-positive timeout
         */
        public BorrowOptions build() {
            headers.forEach((k, v) -> {
                if (!HeaderRules.isValidName(k)) {
                    throw new IllegalArgumentException("BorrowOptions.header name '" + k + "' is not a valid HTTP header name");
                }
                if (!HeaderRules.isValidValue(v)) {
                    throw new IllegalArgumentException("BorrowOptions.header '" + k + "' must have a value without CR or LF");
                }
            });
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("BorrowOptions.timeout must be positive, was " + timeout);
            }
            return new BorrowOptions(this);
        }
    }
}
