package io.mcpool.impl;

import static io.mcpool.impl.TestPools.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.spi.ElicitationHandler;
import io.mcpool.spi.RootsHandler;
import io.mcpool.spi.SamplingHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Borrowers that each mark what their handlers answer and what their listeners hear with a marker of their own
 * ({@code b0}, {@code b1}...), against the testkit's client-feature tools ({@code elicit}, {@code sample},
 * {@code roots}, {@code progress}): an answer or a log message with another marker crossed over from another lease.
 */
final class LeaseMarkers {

    /** One tool call of a borrower. */
    @FunctionalInterface
    interface Call {
        McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) throws Exception;
    }

    /** One turn of a borrower: a borrow and a call. */
    @FunctionalInterface
    interface Turn {
        /**
         * @param tokens gets the progress token of a progress call
         * @return true when the answer was the borrower's own
         */
        boolean own(String marker, BorrowOptions options, List<String> tokens) throws Exception;
    }

    /** The log messages and progress tokens each marker's listeners heard. */
    private final Map<String, List<String>> logsSeen = new ConcurrentHashMap<>();
    private final Map<String, List<Object>> progressSeen = new ConcurrentHashMap<>();

    static ElicitationHandler elicitAs(String name) {
        return request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("name", name));
    }

    static SamplingHandler sampleAs(String model) {
        return request -> McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT,
                model + " read " + ((McpSchema.TextContent) request.messages().get(0).content()).text(), model).build();
    }

    static RootsHandler rootsOf(String name) {
        return RootsHandler.of(List.of(new McpSchema.Root("file:///" + name, name)));
    }

    /** @return the options of the borrower {@code marker}: its handlers, and listeners recording what they hear */
    private BorrowOptions options(String marker) {
        logsSeen.put(marker, new CopyOnWriteArrayList<>());
        progressSeen.put(marker, new CopyOnWriteArrayList<>());
        return BorrowOptions.builder().elicitationHandler(elicitAs(marker)).samplingHandler(sampleAs(marker))
                .rootsHandler(rootsOf(marker)).loggingListener(n -> logsSeen.get(marker).add(String.valueOf(n.data())))
                .progressListener(n -> progressSeen.get(marker).add(n.progressToken())).build();
    }

    /**
     * Calls one of the first {@code tools} client-feature tools (elicit, sample, roots, progress with a log message).
     *
     * @param tokens gets the progress token of a progress call
     * @return true when the answer is the borrower's own
     */
    static boolean ownAnswer(int choice, String marker, Map<String, Object> elicitArgs, Call call, List<String> tokens)
            throws Exception {
        if (choice == 0) {
            return ("action=accept content={color=blue, name=" + marker + ", size=3}")
                    .equals(text(call.call("elicit", elicitArgs)));
        }
        if (choice == 1) {
            return ("model=" + marker + " text=" + marker + " read " + marker)
                    .equals(text(call.call("sample", Map.of("prompt", marker))));
        }
        if (choice == 2) {
            return ("roots=file:///" + marker).equals(text(call.call("roots", Map.of())));
        }
        String got = text(call.call("progress", Map.of("steps", 2, "log", marker)));
        String token = got.substring(got.indexOf("token=") + "token=".length());
        tokens.add(token);
        return ("steps=2 token=" + token).equals(got);
    }

    /**
     * Runs {@code borrowers} threads taking {@code turns} turns each, and checks no turn failed, every answer was the
     * borrower's own, and every borrower heard the progress and log messages of its own calls only.
     */
    static void run(int borrowers, int turns, Turn turn) throws InterruptedException {
        LeaseMarkers heard = new LeaseMarkers();
        AtomicInteger crossed = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(borrowers);
        List<Future<List<String>>> done = new ArrayList<>();
        for (int b = 0; b < borrowers; b++) {
            String marker = "b" + b;
            BorrowOptions options = heard.options(marker);
            done.add(threads.submit(() -> {
                List<String> myTokens = new ArrayList<>();
                for (int t = 0; t < turns; t++) {
                    if (!turn.own(marker, options, myTokens)) {
                        crossed.incrementAndGet();
                    }
                    answered.incrementAndGet();
                }
                return myTokens;
            }));
        }
        try {
            Map<String, List<String>> tokens = results(done);
            assertEquals(borrowers * turns, answered.get());
            assertEquals(0, crossed.get(), "answers given by another borrower's handler");
            heard.assertEachHeardOnlyItsOwn(tokens);
        } finally {
            threads.shutdownNow();
        }
    }

    /** @return each borrower's progress tokens, by marker, once all are done; fails naming those that failed */
    private static Map<String, List<String>> results(List<Future<List<String>>> borrowers) throws InterruptedException {
        Map<String, List<String>> tokens = new ConcurrentHashMap<>();
        List<String> failed = new ArrayList<>();
        for (int b = 0; b < borrowers.size(); b++) {
            try {
                tokens.put("b" + b, borrowers.get(b).get(3, TimeUnit.MINUTES));
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                failed.add("b" + b + ": " + (e.getCause() == null ? e : e.getCause()));
            }
        }
        assertEquals(List.of(), failed, "borrowers whose calls failed");
        return tokens;
    }

    /** Checks every borrower heard the progress and log messages of its own progress calls, and no one else's. */
    private void assertEachHeardOnlyItsOwn(Map<String, List<String>> tokens) {
        for (Map.Entry<String, List<String>> mine : tokens.entrySet()) {
            String marker = mine.getKey();
            List<Object> progress = progressSeen.get(marker);
            // Each progress call sends two notifications, both delivered before the call returns.
            assertEquals(mine.getValue().size() * 2, progress.size(), marker + " progress: " + progress);
            assertTrue(mine.getValue().containsAll(progress.stream().map(String::valueOf).toList()),
                    () -> marker + " got another caller's progress: " + progress + " vs " + mine.getValue());
            List<String> logs = logsSeen.get(marker);
            assertEquals(mine.getValue().size(), logs.size(), marker + " logs: " + logs);
            assertTrue(logs.stream().allMatch(marker::equals), () -> marker + " got others' logs: " + logs);
        }
    }
}
