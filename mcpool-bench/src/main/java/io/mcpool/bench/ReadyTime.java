package io.mcpool.bench;

import io.mcpool.McpPool;
import io.mcpool.testkit.FaultProxy;
import io.modelcontextprotocol.client.McpSyncClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Time to ready: how long a pool takes from {@code McpPool.create} through {@code start()} until
 * {@code awaitReady} says its {@code minSessions} are open, with {@code minSessions=N} against one
 * session, in interleaved rounds (1 then N, then N then 1, ...) so that drift on a shared machine
 * falls on both. Optionally every {@code initialize} is held back by the testkit's
 * {@link FaultProxy} in front of an HTTP server: with sessions opened in parallel, N sessions should
 * then take little more than one. The same rounds open N bare SDK clients at once, each on its own
 * thread, against one: what the machine, the SDK and the server make of N handshakes at once, the
 * bound the pool's own ratio is read against. Each pool's opening is also timed in CPU: this JVM's process CPU time
 * (the client, the proxy and an in-process server; not an out-of-process server's), which bounds what the machine's
 * cores allow ({@link Result#cpuBoundRatio()}).
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
     * @param bareOneMs         time to open one bare SDK client, ms, one per round
     * @param bareManyMs        time to open N bare SDK clients at once, ms, one per round
     * @param oneSessionCpuMs   this JVM's CPU time while the pool of one session got ready, ms, one per round
     * @param sessionsCpuMs     the same for the pool of N sessions
     * @param cpus              the processors this JVM may run on
     */
    record Result(String target, int sessions, double initializeLatency, List<Double> oneSessionMs,
            List<Double> sessionsMs, List<Double> bareOneMs, List<Double> bareManyMs, List<Double> oneSessionCpuMs,
            List<Double> sessionsCpuMs, int cpus) {

        /** @return the median of N sessions' times over the median of one session's */
        double ratio() {
            return median(sessionsMs) / median(oneSessionMs);
        }

        /** @return the same for bare SDK clients opened in parallel */
        double bareRatio() {
            return median(bareManyMs) / median(bareOneMs);
        }

        /**
         * @return the least ratio this machine allows, read from CPU time: N sessions cannot be ready before their
         *     CPU time spread over every core, nor before one session is; over one session's median time
         */
        double cpuBoundRatio() {
            double one = median(oneSessionMs);
            return Math.max(one, median(sessionsCpuMs) / cpus) / one;
        }
    }

    /**
     * @param target            the server (an HTTP one when {@code initializeLatency} is not zero)
     * @param sessions          N
     * @param rounds            rounds, each measuring 1 and N once
     * @param warmupRounds      untimed rounds first, the same as the timed ones
     * @param initializeLatency added to each {@code initialize}; zero for none
     * @param warmupConcurrency the N-session pool's {@code warmupConcurrency}; 0 for its default
     * @param progress          told of each round
     * @return the times
     * @throws IllegalStateException when a pool does not get ready, or the latency was not injected
     */
    static Result measure(Target target, int sessions, int rounds, int warmupRounds, Duration initializeLatency,
            int warmupConcurrency, Consumer<String> progress) {
        if (initializeLatency.isZero()) {
            return rounds(target, target, sessions, warmupRounds, rounds, initializeLatency, warmupConcurrency,
                    progress);
        }
        URI uri = URI.create(target.endpoint());
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        try (FaultProxy proxy = FaultProxy.start(port)) {
            proxy.methodLatency(INITIALIZE, initializeLatency);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            Target proxied = target.at(proxy.url(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
            Result result = rounds(target, proxied, sessions, warmupRounds, rounds, initializeLatency,
                    warmupConcurrency, progress);
            long expected = 2L * (warmupRounds + rounds) * (1 + sessions);
            if (proxy.delayedRequests() < expected) {
                throw new IllegalStateException("the fault proxy held back " + proxy.delayedRequests()
                        + " initialize requests, but " + expected + " sessions were opened through it: the initialize "
                        + "latency was not injected");
            }
            return result;
        }
    }

    private static Result rounds(Target target, Target via, int sessions, int warmupRounds, int rounds,
            Duration initializeLatency, int warmupConcurrency, Consumer<String> progress) {
        List<Double> one = new ArrayList<>();
        List<Double> many = new ArrayList<>();
        List<Double> bareOne = new ArrayList<>();
        List<Double> bareMany = new ArrayList<>();
        List<Double> oneCpu = new ArrayList<>();
        List<Double> manyCpu = new ArrayList<>();
        ExecutorService openers = Executors.newFixedThreadPool(sessions, r -> {
            Thread t = new Thread(r, "bench-bare-client");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int w = 1; w <= warmupRounds; w++) {
                progress.accept("time to ready, " + target.label() + ": untimed round " + w + "/" + warmupRounds);
                timeToReady(via, 1, 0);
                bareClientsMs(via, 1, openers);
                timeToReady(via, sessions, warmupConcurrency);
                bareClientsMs(via, sessions, openers);
            }
            for (int r = 1; r <= rounds; r++) {
                progress.accept("time to ready, " + target.label() + ": round " + r + "/" + rounds + " (1 and "
                        + sessions + " sessions, pooled and bare)");
                boolean oneFirst = r % 2 == 1;
                if (oneFirst) {
                    timeToReady(via, 1, 0).addTo(one, oneCpu);
                    bareOne.add(bareClientsMs(via, 1, openers));
                }
                timeToReady(via, sessions, warmupConcurrency).addTo(many, manyCpu);
                bareMany.add(bareClientsMs(via, sessions, openers));
                if (!oneFirst) {
                    timeToReady(via, 1, 0).addTo(one, oneCpu);
                    bareOne.add(bareClientsMs(via, 1, openers));
                }
            }
        } finally {
            openers.shutdownNow();
        }
        return new Result(target.label(), sessions, initializeLatency.toNanos() / 1e6, List.copyOf(one),
                List.copyOf(many), List.copyOf(bareOne), List.copyOf(bareMany), List.copyOf(oneCpu),
                List.copyOf(manyCpu), Runtime.getRuntime().availableProcessors());
    }

    /** @return ms to open {@code count} bare SDK clients at once, each on its own thread; the closes are not timed */
    private static double bareClientsMs(Target target, int count, ExecutorService openers) {
        List<Future<McpSyncClient>> opening = new ArrayList<>();
        List<McpSyncClient> open = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                opening.add(openers.submit(target::newClient));
            }
            for (Future<McpSyncClient> f : opening) {
                open.add(f.get());
            }
            return (System.nanoTime() - start) / 1e6;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening bare clients", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(count + " bare clients against " + target.label() + " did not open: "
                    + e.getCause(), e.getCause());
        } finally {
            for (Future<McpSyncClient> f : opening) {
                if (!f.isDone()) {
                    f.cancel(true);
                }
            }
            open.forEach(Target::closeQuietly);
        }
    }

    /** Wall and CPU time of one pool's getting ready, ms. */
    private record Timed(double wallMs, double cpuMs) {
        void addTo(List<Double> wall, List<Double> cpu) {
            wall.add(wallMs);
            cpu.add(cpuMs);
        }
    }

    /** @return this JVM's CPU time so far, ns; -1 where the JVM does not tell */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** @return ms (wall and this JVM's CPU) from create until ready; the close afterwards is not timed */
    private static Timed timeToReady(Target target, int sessions, int warmupConcurrency) {
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        try (McpPool pool = McpPool.create(target.poolConfig("ready-" + sessions, sessions).toBuilder()
                .warmupConcurrency(warmupConcurrency).build())) {
            pool.start();
            if (!pool.awaitReady(Target.INIT_TIMEOUT)) {
                throw new IllegalStateException("a pool of " + sessions + " sessions against " + target.label()
                        + " was not ready within " + Target.INIT_TIMEOUT.toSeconds() + " s");
            }
            double wallMs = (System.nanoTime() - start) / 1e6;
            long cpuEnd = processCpuNanos();
            return new Timed(wallMs, cpuStart < 0 || cpuEnd < 0 ? Double.NaN : (cpuEnd - cpuStart) / 1e6);
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
