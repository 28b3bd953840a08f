package io.mcpool.bench;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.Protocol;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The ways an application can call an MCP server, side by side: the four of every run, and the pool speaking the
 * stateless revision 2026-07-28 (asked for by name, against a server that speaks it, to compare with the
 * session-based {@code mcpool} way).
 */
public enum Way {

    /** Through mcpool: {@code pool.callTool} (borrow, call, return) with one session per thread. */
    POOLED("mcpool", "through mcpool (one session per thread)"),
    /**
     * Through mcpool speaking the stateless revision 2026-07-28 ({@code protocol=2026-07-28}): a lease is a handle on
     * one shared client, where the {@link #POOLED} way (the default {@code protocol=legacy}) keeps a session per
     * lease. Only for servers that speak 2026-07-28, so not run unless {@code --ways} names it.
     */
    POOLED_STATELESS("mcpool-2026", "through mcpool, revision 2026-07-28 (a handle per lease on one shared client)"),
    /** A new client per call: connect (or spawn), initialize, call, close. What many apps do today. */
    PER_CALL("per-call", "a new client per call"),
    /** One {@code McpSyncClient} shared by every thread (what Spring AI does). */
    SHARED("shared", "one shared McpSyncClient"),
    /**
     * One warm client per thread, made before measuring: the bound a pool is read against (a pool goes past it where
     * the JDK starts a thread for every HTTP response and the pool does not).
     */
    DEDICATED("dedicated", "one dedicated warm client per thread (the bound)");

    /** The ways a run takes when {@code --ways} is not given: all but {@link #POOLED_STATELESS}. */
    public static final Set<Way> DEFAULTS = Collections.unmodifiableSet(
            EnumSet.complementOf(EnumSet.of(POOLED_STATELESS)));

    private final String id;
    private final String description;

    Way(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** @return the short name used in options, tables and JSON */
    public String id() {
        return id;
    }

    /** @return what it means, in a few words */
    public String description() {
        return description;
    }

    /**
     * @param id a short name ({@link #id()})
     * @return the way
     * @throws IllegalArgumentException naming the valid ones
     */
    public static Way of(String id) {
        for (Way w : values()) {
            if (w.id.equalsIgnoreCase(id.trim())) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown way '" + id + "'; use " + ids());
    }

    /** @return every way's {@link #id()}, comma separated, for messages and help */
    public static String ids() {
        return Arrays.stream(values()).map(Way::id).collect(Collectors.joining(", "));
    }

    /** @return whether this way calls through an mcpool pool (and so is sized by {@code --pool-size}) */
    public boolean pooled() {
        return this == POOLED || this == POOLED_STATELESS;
    }

    /**
     * Sets this way up against {@code target}: starts the pool, or connects the shared client.
     * Dedicated clients are made by {@link Contender#caller()}, one per calling thread.
     *
     * @param target   the server
     * @param sessions the pool's size (the mcpool ways only; usually one per calling thread)
     * @return the contender; close it when done
     */
    public Contender open(Target target, int sessions) {
        return open(target, sessions, 0);
    }

    /**
     * Sets this way up against {@code target}, the mcpool ways borrowing for {@code tenants} tenants in turn.
     *
     * @param target   the server
     * @param sessions the pool's size (the mcpool ways only; usually one per calling thread)
     * @param tenants  the mcpool ways' calls go to {@code tenant-1} ... {@code tenant-N} in turn, each thread starting
     *                 at another one; 0 for no tenant (the other ways have none either way)
     * @return the contender; close it when done
     */
    public Contender open(Target target, int sessions, int tenants) {
        McpSchema.CallToolRequest request = target.request();
        return switch (this) {
            case POOLED, POOLED_STATELESS -> {
                McpPool pool = McpPool.create(target.poolConfig("bench-" + sessions, sessions,
                        this == POOLED_STATELESS ? Protocol.STATELESS_2026_07_28 : Protocol.LEGACY));
                try {
                    pool.start();
                } catch (RuntimeException e) {
                    pool.close();
                    throw e;
                }
                if (tenants == 0) {
                    yield new Contender(() -> () -> checked(pool.callTool(request.name(), request.arguments())), pool);
                }
                BorrowOptions[] byTenant = IntStream.rangeClosed(1, tenants)
                        .mapToObj(t -> BorrowOptions.builder().tenant("tenant-" + t).build())
                        .toArray(BorrowOptions[]::new);
                AtomicInteger threads = new AtomicInteger();
                yield new Contender(() -> {
                    int[] next = {threads.getAndIncrement() % tenants};
                    return () -> {
                        BorrowOptions tenant = byTenant[next[0]];
                        next[0] = (next[0] + 1) % tenants;
                        checked(pool.callTool(request.name(), request.arguments(), tenant));
                    };
                }, pool);
            }
            case PER_CALL -> new Contender(() -> () -> {
                McpSyncClient client = target.newClient();
                try {
                    checked(client.callTool(request));
                } finally {
                    Target.closeQuietly(client);
                }
            }, null);
            case SHARED -> {
                McpSyncClient shared = target.newClient();
                yield new Contender(() -> () -> checked(shared.callTool(request)), () -> Target.closeQuietly(shared));
            }
            case DEDICATED -> {
                List<McpSyncClient> clients = new CopyOnWriteArrayList<>();
                yield new Contender(() -> {
                    McpSyncClient own = target.newClient();
                    clients.add(own);
                    return () -> checked(own.callTool(request));
                }, () -> closeAll(clients));
            }
        };
    }

    /**
     * Closes the clients side by side on threads of their own (a stdio close costs ~100 ms). Not on the
     * common pool: on JDK 25 the JDK HttpClient completes its answers there, and blocking closes would stall them.
     */
    private static void closeAll(List<McpSyncClient> clients) {
        List<Thread> closers = clients.stream()
                .map(c -> new Thread(() -> Target.closeQuietly(c), "bench-close"))
                .toList();
        closers.forEach(Thread::start);
        for (Thread closer : closers) {
            try {
                closer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void checked(McpSchema.CallToolResult result) {
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ToolErrorException(result);
        }
    }

    /** A tool call that returned {@code isError=true}: counted as an error by the measurement. */
    public static final class ToolErrorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ToolErrorException(McpSchema.CallToolResult result) {
            super("the tool returned isError=true: " + firstText(result));
        }

        private static String firstText(McpSchema.CallToolResult result) {
            if (result.content() != null && !result.content().isEmpty()
                    && result.content().get(0) instanceof McpSchema.TextContent text) {
                String t = text.text();
                return t.length() > 200 ? t.substring(0, 200) + "..." : t;
            }
            return "(no text)";
        }
    }
}
