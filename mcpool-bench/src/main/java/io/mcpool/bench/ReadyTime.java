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
import java.util.concurrent.atomic.AtomicReference;
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
 * cores allow ({@link Result#cpuBoundRatio()}). With an injected latency the bound is also read from the work that
 * comes after the first held-back {@code initialize} goes on to the server: this JVM's CPU time from that moment
 * until the pool is ready, which no schedule can move into the wait before it.
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
     * @param answeredMs        with an injected latency: when the first held-back {@code initialize} of the pool of
     *                          N sessions went on to the server, ms after its create, one per round; else empty
     * @param afterAnswerCpuMs  with an injected latency: this JVM's CPU time from that moment until the pool of N
     *                          sessions was ready, ms, one per round; else empty
     * @param cpus              the processors this JVM may run on
     */
    record Result(String target, int sessions, double initializeLatency, List<Double> oneSessionMs,
            List<Double> sessionsMs, List<Double> bareOneMs, List<Double> bareManyMs, List<Double> oneSessionCpuMs,
            List<Double> sessionsCpuMs, List<Double> answeredMs, List<Double> afterAnswerCpuMs, int cpus) {

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
         *     CPU time spread over every core, nor before one session is; and, with an injected latency, not before
         *     the first held-back answer came plus the CPU time spent after it spread over every core (the median of
         *     the rounds); over one session's median time
         */
        double cpuBoundRatio() {
            double one = median(oneSessionMs);
            double bound = Math.max(one, median(sessionsCpuMs) / cpus);
            if (!answeredMs.isEmpty()) {
                List<Double> afterAnswer = new ArrayList<>();
                for (int i = 0; i < answeredMs.size(); i++) {
                    afterAnswer.add(answeredMs.get(i) + afterAnswerCpuMs.get(i) / cpus);
                }
                bound = Math.max(bound, median(afterAnswer));
            }
            return bound / one;
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
            return rounds(target, target, sessions, warmupRounds, rounds, initializeLatency, warmupConcurrency, null,
                    progress);
        }
        URI uri = URI.create(target.endpoint());
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        try (FaultProxy proxy = FaultProxy.start(port)) {
            proxy.methodLatency(INITIALIZE, initializeLatency);
            FirstAnswer firstAnswer = new FirstAnswer();
            proxy.whenReleased(firstAnswer::released);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            Target proxied = target.at(proxy.url(path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
            Result result = rounds(target, proxied, sessions, warmupRounds, rounds, initializeLatency,
                    warmupConcurrency, firstAnswer, progress);
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
            Duration initializeLatency, int warmupConcurrency, FirstAnswer firstAnswer, Consumer<String> progress) {
        List<Double> one = new ArrayList<>();
        List<Double> many = new ArrayList<>();
        List<Double> bareOne = new ArrayList<>();
        List<Double> bareMany = new ArrayList<>();
        List<Double> oneCpu = new ArrayList<>();
        List<Double> manyCpu = new ArrayList<>();
        List<Double> answered = new ArrayList<>();
        List<Double> afterAnswerCpu = new ArrayList<>();
        ExecutorService openers = Executors.newFixedThreadPool(sessions, r -> {
            Thread t = new Thread(r, "bench-bare-client");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int w = 1; w <= warmupRounds; w++) {
                progress.accept("time to ready, " + target.label() + ": untimed round " + w + "/" + warmupRounds);
                timeToReady(via, 1, 0, null);
                bareClientsMs(via, 1, openers);
                timeToReady(via, sessions, warmupConcurrency, firstAnswer);
                bareClientsMs(via, sessions, openers);
            }
            for (int r = 1; r <= rounds; r++) {
                progress.accept("time to ready, " + target.label() + ": round " + r + "/" + rounds + " (1 and "
                        + sessions + " sessions, pooled and bare)");
                boolean oneFirst = r % 2 == 1;
                if (oneFirst) {
                    timeToReady(via, 1, 0, null).addTo(one, oneCpu);
                    bareOne.add(bareClientsMs(via, 1, openers));
                }
                Timed n = timeToReady(via, sessions, warmupConcurrency, firstAnswer);
                n.addTo(many, manyCpu);
                if (firstAnswer != null) {
                    answered.add(n.answeredMs());
                    afterAnswerCpu.add(n.afterAnswerCpuMs());
                }
                bareMany.add(bareClientsMs(via, sessions, openers));
                if (!oneFirst) {
                    timeToReady(via, 1, 0, null).addTo(one, oneCpu);
                    bareOne.add(bareClientsMs(via, 1, openers));
                }
            }
        } finally {
            openers.shutdownNow();
        }
        return new Result(target.label(), sessions, initializeLatency.toNanos() / 1e6, List.copyOf(one),
                List.copyOf(many), List.copyOf(bareOne), List.copyOf(bareMany), List.copyOf(oneCpu),
                List.copyOf(manyCpu), List.copyOf(answered), List.copyOf(afterAnswerCpu),
                Runtime.getRuntime().availableProcessors());
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

    /**
     * Wall and CPU time of one pool's getting ready, ms; with an injected latency also when the first held-back answer
     * came and this JVM's CPU time after it (else NaN).
     */
    private record Timed(double wallMs, double cpuMs, double answeredMs, double afterAnswerCpuMs) {
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

    /**
     * @param firstAnswer told by the proxy when a held-back request goes on; null when there is no proxy, or when the
     *                    moment is not wanted
     * @return ms (wall and this JVM's CPU) from create until ready; the close afterwards is not timed
     */
    private static Timed timeToReady(Target target, int sessions, int warmupConcurrency, FirstAnswer firstAnswer) {
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        if (firstAnswer != null) {
            firstAnswer.arm();
        }
        try (McpPool pool = McpPool.create(target.poolConfig("ready-" + sessions, sessions).toBuilder()
                .warmupConcurrency(warmupConcurrency).build())) {
            pool.start();
            if (!pool.awaitReady(Target.INIT_TIMEOUT)) {
                throw new IllegalStateException("a pool of " + sessions + " sessions against " + target.label()
                        + " was not ready within " + Target.INIT_TIMEOUT.toSeconds() + " s");
            }
            double wallMs = (System.nanoTime() - start) / 1e6;
            long cpuEnd = processCpuNanos();
            double answeredMs = Double.NaN;
            double afterAnswerCpuMs = Double.NaN;
            Moment answer = firstAnswer == null ? null : firstAnswer.disarm();
            if (answer != null) {
                answeredMs = (answer.nanos() - start) / 1e6;
                afterAnswerCpuMs = answer.cpuNanos() < 0 || cpuEnd < 0 ? Double.NaN : (cpuEnd - answer.cpuNanos()) / 1e6;
            }
            return new Timed(wallMs, cpuStart < 0 || cpuEnd < 0 ? Double.NaN : (cpuEnd - cpuStart) / 1e6, answeredMs,
                    afterAnswerCpuMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the pool to be ready", e);
        }
    }

    /**
     * The moment the first held-back request of one pool went on to the server, with this JVM's CPU time then.
     * Armed before a pool is created and disarmed once it is ready, so that other clients' answers (the bare ones) do
     * not count.
     */
    private static final class FirstAnswer {
        private final AtomicReference<Moment> first = new AtomicReference<>();
        private volatile boolean armed;

        void arm() {
            first.set(null);
            armed = true;
        }

        /** Called by the proxy, on its thread, as it lets a held-back request through. */
        void released() {
            if (armed && first.get() == null) {
                first.compareAndSet(null, Moment.now());
            }
        }

        /** @return the first release since {@link #arm()}, or null if none came */
        Moment disarm() {
            armed = false;
            return first.getAndSet(null);
        }
    }

    /**
     * A moment and this JVM's CPU time then (its GC and compiler threads' too: they also keep the cores from the
     * sessions' work).
     *
     * @param nanos    {@link System#nanoTime()} then
     * @param cpuNanos {@link #processCpuNanos()} then, -1 where the JVM does not tell
     */
    private record Moment(long nanos, long cpuNanos) {

        static Moment now() {
            return new Moment(System.nanoTime(), processCpuNanos());
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
