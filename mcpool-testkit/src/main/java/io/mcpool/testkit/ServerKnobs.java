package io.mcpool.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault and latency settings of a {@link TestMcpServer}; read on every request, so changes act at once. Also
 * holds what the server learned of the client's roots after a {@code notifications/roots/list_changed}.
 */
final class ServerKnobs {

    private final int pageSize;

    private volatile Duration toolLatency;

    private volatile Duration toolsListLatency = Duration.ZERO;

    private final AtomicInteger toolsListFailures = new AtomicInteger();

    private final AtomicInteger throttledCalls = new AtomicInteger();

    private volatile Duration retryAfter = Duration.ZERO;

    private volatile Long listingTtlMs;

    private volatile boolean privateListings;

    /** Whether {@link #readsCaching} was called: until then the reads carry the SDK server's defaults. */
    private volatile boolean readsHinted;

    private volatile Long readsTtlMs;

    private volatile boolean privateReads;

    private volatile String privateToolHeader;

    private final java.util.List<java.util.List<String>> rootsAfterChanges = new java.util.concurrent.CopyOnWriteArrayList<>();

    ServerKnobs(int pageSize, Duration toolLatency) {
        this.pageSize = pageSize;
        this.toolLatency = toolLatency;
    }

    /** @param roots the roots the server asked for after the client said they changed: their URIs are kept */
    void rootsChanged(java.util.List<io.modelcontextprotocol.spec.McpSchema.Root> roots) {
        rootsAfterChanges.add(roots.stream().map(io.modelcontextprotocol.spec.McpSchema.Root::uri).toList());
    }

    /** @return the roots' URIs the server got each time it asked again after a change, in order (a snapshot) */
    java.util.List<java.util.List<String>> rootsAfterChanges() {
        return java.util.List.copyOf(rootsAfterChanges);
    }

    int pageSize() {
        return pageSize;
    }

    Duration toolLatency() {
        return toolLatency;
    }

    void toolLatency(Duration latency) {
        this.toolLatency = nonNegative(latency, "toolLatency");
    }

    Duration toolsListLatency() {
        return toolsListLatency;
    }

    void toolsListLatency(Duration latency) {
        this.toolsListLatency = nonNegative(latency, "toolsListLatency");
    }

    void failNextToolsList(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("failNextToolsList count must be >= 0, was " + count);
        }
        toolsListFailures.set(count);
    }

    /** Whether the tools/list arriving now must fail; uses up one of the failures asked for. */
    boolean takeToolsListFailure() {
        return toolsListFailures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    void throttleNextCalls(int count, Duration retryAfter) {
        if (count < 0) {
            throw new IllegalArgumentException("throttleNextCalls count must be >= 0, was " + count);
        }
        this.retryAfter = nonNegative(retryAfter, "retryAfter");
        throttledCalls.set(count);
    }

    /** @return the Retry-After to answer the tools/call arriving now with (429), or null to serve it */
    Duration takeThrottle() {
        return throttledCalls.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0 ? retryAfter : null;
    }

    /** @param ttlMs the 2026-07-28 server's {@code ttlMs} on {@code tools/list}, null for none */
    void toolsListCaching(Long ttlMs, boolean privateScope) {
        this.listingTtlMs = ttlMs;
        this.privateListings = privateScope;
    }

    /**
     * @param ttlMs        the 2026-07-28 server's {@code ttlMs} on its prompts, resources and resource-templates
     *                     listings and resource reads, null for none
     * @param privateScope {@code cacheScope: private} when true, else {@code public}
     */
    void readsCaching(Long ttlMs, boolean privateScope) {
        this.readsTtlMs = ttlMs;
        this.privateReads = privateScope;
        this.readsHinted = true;
    }

    boolean readsHinted() {
        return readsHinted;
    }

    Long readsTtlMs() {
        return readsTtlMs;
    }

    boolean privateReads() {
        return privateReads;
    }

    Long listingTtlMs() {
        return listingTtlMs;
    }

    boolean privateListings() {
        return privateListings;
    }

    /** @param header the request header whose value names the extra tool of a private listing; null: none */
    void privateToolPerCaller(String header) {
        this.privateToolHeader = header == null ? null : header.toLowerCase(java.util.Locale.ROOT);
    }

    /** @return the lower-case name of the header naming the extra tool of a private listing, or null */
    String privateToolHeader() {
        return privateToolHeader;
    }

    static Duration nonNegative(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + duration);
        }
        return duration;
    }
}
