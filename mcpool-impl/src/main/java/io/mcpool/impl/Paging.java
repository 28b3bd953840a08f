package io.mcpool.impl;

import io.mcpool.McpPoolException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Listings of both MCP revisions, page after page. */
final class Paging {

    /** More pages than this for one listing is a server that loops; the pool stops following it. */
    private static final int MAX_PAGES = 10_000;

    private Paging() {
    }

    /** Every page of a listing, following {@code nextCursor} (both revisions: see {@link ModernCalls}). */
    static <R, T> List<T> all(Function<String, R> page, Function<R, List<T>> items,
            Function<R, String> nextCursor) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            R result = page.apply(cursor);
            List<T> batch = items.apply(result);
            if (batch != null) {
                all.addAll(batch);
            }
            String next = nextCursor.apply(result);
            if (next == null || next.isEmpty() || next.equals(cursor)) {
                return all;
            }
            cursor = next;
        }
        throw new McpPoolException("The server returned more than " + MAX_PAGES
                + " pages for one listing; stopped following nextCursor");
    }
}
