package io.mcpool.bench;

import io.mcpool.McpPool;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The four ways an application can call an MCP server, side by side.
 */
public enum Way {

    /** Through mcpool: {@code pool.callTool} (borrow, call, return) with one session per thread. */
    POOLED("mcpool", "through mcpool (one session per thread)"),
    /** A new client per call: connect (or spawn), initialize, call, close. What many apps do today. */
    PER_CALL("per-call", "a new client per call"),
    /** One {@code McpSyncClient} shared by every thread (what Spring AI does). */
    SHARED("shared", "one shared McpSyncClient"),
    /** One warm client per thread, made before measuring: the bound no pool can beat. */
    DEDICATED("dedicated", "one dedicated warm client per thread (the upper bound)");

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
        throw new IllegalArgumentException("unknown way '" + id + "'; use mcpool, per-call, shared or dedicated");
    }

    /**
     * Sets this way up against {@code target}: starts the pool, or connects the shared client.
     * Dedicated clients are made by {@link Contender#caller()}, one per calling thread.
     *
     * @param target   the server
     * @param sessions the pool's size (the mcpool way only; usually one per calling thread)
     * @return the contender; close it when done
     */
    public Contender open(Target target, int sessions) {
        McpSchema.CallToolRequest request = target.request();
        return switch (this) {
            case POOLED -> {
                McpPool pool = McpPool.create(target.poolConfig("bench-" + sessions, sessions));
                try {
                    pool.start();
                } catch (RuntimeException e) {
                    pool.close();
                    throw e;
                }
                yield new Contender(() -> () -> checked(pool.callTool(request.name(), request.arguments())), pool);
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
