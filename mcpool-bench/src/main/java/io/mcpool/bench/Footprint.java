package io.mcpool.bench;

import io.mcpool.McpPool;
import io.mcpool.PoolMetrics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What one more pooled session costs the application's JVM: threads and heap, and for stdio the
 * resident memory of the server process. Measured as a slope: a pool of one session, then the same
 * pool resized to {@code n}, so the per-pool fixed cost (housekeeper, shared {@code HttpClient},
 * first worker) is paid in both and cancels out.
 *
 * <p>Threads are counted by identity: a thread counts when it is alive at the later look and was not
 * there at the earlier one. Threads of whatever ran before (closed clients whose HTTP workers and
 * reactor threads end some seconds later) end during the measurement, and must not cancel out the
 * pool's new threads, as a difference of counts would make them.
 *
 * <p>Threads of an in-process server (the testkit's {@code mcpool-testkit-*} Jetty pool, Jetty's
 * {@code qtp*} and {@code Scheduler-*}) are not counted.
 * The heap of an in-process HTTP server's session state is in the same JVM and is counted; against
 * an external server ({@code --endpoint}) the heap figure is the client's alone.
 */
public final class Footprint {

    /** Thread names of the in-process server (testkit's Jetty pool, Jetty defaults), not of the client. */
    private static final Pattern SERVER_THREADS = Pattern.compile(
            "^(mcpool-testkit-.*|qtp\\d+-\\d+|Scheduler-\\d+.*|Connector-.*)$");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /**
     * @param target                the target's label
     * @param sessions              the pool size measured against one session
     * @param threadsPerSession     client threads added per session
     * @param heapKbPerSession      heap added per session after a full GC, KiB
     * @param processRssMbPerSession resident memory of the server processes per session, MiB (stdio on
     *                              Linux), or -1
     * @param threadsOfFirstSession client threads of a pool with one session, fixed cost included
     * @param addedThreads          threads added from 1 to {@code sessions} sessions, by name pattern
     * @param heapIncludesServer    the heap figure includes an in-process server's session state
     */
    public record Result(String target, int sessions, double threadsPerSession, double heapKbPerSession,
            double processRssMbPerSession, int threadsOfFirstSession, Map<String, Integer> addedThreads,
            boolean heapIncludesServer) {
    }

    private Footprint() {
    }

    /**
     * @param target   the server
     * @param sessions the pool size to compare with one session, at least 2
     * @param inProcessServer the server runs in this JVM (its heap is then counted too)
     * @return the measurement
     */
    public static Result measure(Target target, int sessions, boolean inProcessServer) {
        heapAfterGc();
        settle();
        Map<Long, String> before = clientThreads();
        try (McpPool pool = McpPool.create(target.poolConfig("footprint", 1))) {
            pool.start();
            long heapOne = heapAfterGc();
            settle();
            Map<Long, String> one = clientThreads();
            long rssOne = childRssKb();
            pool.resize(sessions, sessions);
            awaitOpen(pool, sessions);
            long heapMany = heapAfterGc();
            settle();
            Map<Long, String> many = clientThreads();
            long rssMany = childRssKb();
            Map<String, Integer> added = started(one, many);
            double perSession = sessions - 1;
            return new Result(target.label(), sessions, total(added) / perSession,
                    (heapMany - heapOne) / 1024.0 / perSession,
                    rssOne < 0 || target.kind() != Target.Kind.STDIO ? -1 : (rssMany - rssOne) / 1024.0 / perSession,
                    total(started(before, one)), added, inProcessServer && target.kind() == Target.Kind.HTTP);
        }
    }

    private static void awaitOpen(McpPool pool, int sessions) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            PoolMetrics m = pool.metrics();
            if (m.idle() + m.active() >= sessions) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("the pool did not open " + sessions + " sessions within 120 s");
    }

    /**
     * Lets threads started by the last step (SSE listening streams, readers) come up, and threads of
     * clients collected by the last GC (an abandoned {@code HttpClient}'s selector) go.
     */
    private static void settle() {
        sleep(500);
    }

    /** @return the live client threads: id (never reused while the JVM lives) to name */
    static Map<Long, String> clientThreads() {
        Map<Long, String> threads = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (!t.isAlive() || SERVER_THREADS.matcher(name).matches() || name.startsWith("bench-")) {
                continue;
            }
            threads.put(t.getId(), name);
        }
        return threads;
    }

    /**
     * @param earlier the threads at the earlier look
     * @param later   the threads at the later look
     * @return the threads of the later look that were not there at the earlier one, counted by name
     *     pattern (digits replaced by N); threads that ended meanwhile take nothing away
     */
    static Map<String, Integer> started(Map<Long, String> earlier, Map<Long, String> later) {
        Map<String, Integer> byPattern = new TreeMap<>();
        later.forEach((id, name) -> {
            if (!earlier.containsKey(id)) {
                byPattern.merge(DIGITS.matcher(name).replaceAll("N"), 1, Integer::sum);
            }
        });
        return byPattern;
    }

    private static int total(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return resident memory of this JVM's child processes in KiB, or -1 where /proc is not there */
    private static long childRssKb() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        long total = 0;
        for (ProcessHandle child : children) {
            Path status = Path.of("/proc", Long.toString(child.pid()), "status");
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                if (!Files.exists(Path.of("/proc/self/status"))) {
                    return -1;
                }
                // The process ended between listing and reading: it has no memory left to count.
            }
        }
        return total;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
