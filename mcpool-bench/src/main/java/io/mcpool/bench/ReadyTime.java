package io.mcpool.bench;

import io.mcpool.McpPool;
import io.mcpool.testkit.FaultProxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Time to ready: how long a pool takes from {@code McpPool.create} through {@code start()} until
 * {@code awaitReady} says its {@code minSessions} are open, with {@code minSessions=N} against one
 * session, in interleaved rounds (1 then N, then N then 1, ...) so that drift on a shared machine
 * falls on both. Optionally every {@code initialize} is held back by the testkit's
 * {@link FaultProxy} in front of an HTTP server: with sessions opened in parallel, N sessions should
 * then take little more than one.
 */
final class ReadyTime {

    /** The proxy's JSON-RPC method to hold back. */
    private static final String INITIALIZE = "initialize";

    private ReadyTime() {
    }

    /**
     * @param target            the server's label
     * @param sessions          N, the {@code minSessions} measured against one
     * @param initializeLatency held back from every {@code initialize}, ms (0 for none)
     * @param oneSessionMs      time to ready with one session, ms, one per round
     * @param sessionsMs        time to ready with N sessions, ms, one per round
     */
    record Result(String target, int sessions, double initializeLatency, List<Double> oneSessionMs,
            List<Double> sessionsMs) {

        /** @return the median of N sessions' times over the median of one session's */
        double ratio() {
            return median(sessionsMs) / median(oneSessionMs);
        }
    }

    /**
     * @param target            the server (an HTTP one when {@code initializeLatency} is not zero)
     * @param sessions          N
     * @param rounds            rounds, each measuring 1 and N once
     * @param initializeLatency added to each {@code initialize}; zero for none
     * @param progress          told of each round
     * @return the times
     * @throws IllegalStateException when a pool does not get ready, or the latency was not injected
     */
    static Result measure(Target target, int sessions, int rounds, Duration initializeLatency,
            Consumer<String> progress) {
        if (initializeLatency.isZero()) {
            return rounds(target, target, sessions, rounds, initializeLatency, progress);
        }
        URI uri = URI.create(target.endpoint());
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        try (FaultProxy proxy = FaultProxy.start(port)) {
            proxy.methodLatency(INITIALIZE, initializeLatency);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            Target proxied = target.at(proxy.url(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
            Result result = rounds(target, proxied, sessions, rounds, initializeLatency, progress);
            long expected = (long) rounds * (1 + sessions);
            if (proxy.delayedRequests() < expected) {
                throw new IllegalStateException("the fault proxy held back " + proxy.delayedRequests()
                        + " initialize requests, but " + expected + " sessions were opened through it: the initialize "
                        + "latency was not injected");
            }
            return result;
        }
    }

    private static Result rounds(Target target, Target via, int sessions, int rounds, Duration initializeLatency,
            Consumer<String> progress) {
        List<Double> one = new ArrayList<>();
        List<Double> many = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            progress.accept("time to ready, " + target.label() + ": round " + r + "/" + rounds + " (1 and " + sessions
                    + " sessions)");
            boolean oneFirst = r % 2 == 1;
            if (oneFirst) {
                one.add(timeToReadyMs(via, 1));
            }
            many.add(timeToReadyMs(via, sessions));
            if (!oneFirst) {
                one.add(timeToReadyMs(via, 1));
            }
        }
        return new Result(target.label(), sessions, initializeLatency.toNanos() / 1e6, List.copyOf(one),
                List.copyOf(many));
    }

    /** @return ms from create until ready; the close afterwards is not timed */
    private static double timeToReadyMs(Target target, int sessions) {
        long start = System.nanoTime();
        try (McpPool pool = McpPool.create(target.poolConfig("ready-" + sessions, sessions))) {
            pool.start();
            if (!pool.awaitReady(Target.INIT_TIMEOUT)) {
                throw new IllegalStateException("a pool of " + sessions + " sessions against " + target.label()
                        + " was not ready within " + Target.INIT_TIMEOUT.toSeconds() + " s");
            }
            return (System.nanoTime() - start) / 1e6;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the pool to be ready", e);
        }
    }

    /**
     * @param values some numbers
     * @return their median (the mean of the middle two for an even count), NaN for none
     */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }
}
