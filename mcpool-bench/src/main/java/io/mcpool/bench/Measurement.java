package io.mcpool.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.HdrHistogram.Histogram;

/**
 * Measures several {@link Way}s against one {@link Target} at one thread count, side by side. All
 * ways are set up first (pool started, clients connected); then each gets an untimed warm-up; then
 * the measured time is split into rounds that take turns, each round starting one way further on
 * (mcpool, dedicated, shared, per-call; then dedicated, shared, per-call, mcpool; ...), so drift on
 * a shared machine (other processes, the JIT, the server warming up) falls on every way alike
 * instead of on whichever ran first.
 *
 * <p>In a slice, {@code threads} threads (platform or virtual, see {@link Borrowers}) call in a
 * closed loop (each waits for its answer, then calls again); every thread makes at least one
 * measured call per slice, so even a way whose call takes a second gets a number. Latencies go into
 * an HdrHistogram per way ({@link Latencies}).
 */
public final class Measurement {

    /** Told what is running, about once a second. */
    public interface Listener {
        /**
         * @param phase   what runs now, e.g. "round 1/2: mcpool"
         * @param elapsed time in this phase
         * @param total   planned length of this phase (zero when open-ended)
         * @param calls   calls completed so far in this phase
         */
        void progress(String phase, Duration elapsed, Duration total, long calls);
    }

    private Measurement() {
    }

    /**
     * How many rounds a measured duration is split into: slices of at least a second, at most ten.
     *
     * @param duration the measured time per way
     * @return 1 to 10
     */
    static int rounds(Duration duration) {
        return (int) Math.max(1, Math.min(10, duration.toMillis() / 1000));
    }

    /**
     * What to measure against a target at one thread count.
     *
     * @param ways      the ways, in the order they take turns
     * @param threads   threads calling at once
     * @param poolSize  sessions of the mcpool way, 0 for one per thread
     * @param tenants   tenants the mcpool ways borrow for in turn, 0 for none
     * @param borrowers platform or virtual threads
     * @param warmup    untimed calls first, per way
     * @param duration  measured time per way, split into {@link #rounds} slices
     */
    record Plan(List<Way> ways, int threads, int poolSize, int tenants, Borrowers borrowers, Duration warmup,
            Duration duration) {
    }

    /**
     * @param target   the server
     * @param plan     what to measure
     * @param listener progress, may be null
     * @param mask     applied to every error message kept (masks secrets)
     * @return one result per way, in {@code plan.ways()} order
     * @throws IllegalStateException when a way cannot be set up against the target
     */
    static List<CellResult> run(Target target, Plan plan, Listener listener, UnaryOperator<String> mask) {
        List<Way> ways = plan.ways();
        int threads = plan.threads();
        Borrowers borrowers = plan.borrowers();
        Ticker ticker = new Ticker(listener);
        Map<Way, Contender> contenders = new LinkedHashMap<>();
        try {
            Map<Way, Contender.Call[]> calls = new EnumMap<>(Way.class);
            for (Way way : ways) {
                ticker.phase("setting up " + way.id(), Duration.ZERO);
                Contender contender;
                try {
                    contender = way.open(target, plan.poolSize() > 0 ? plan.poolSize() : threads, plan.tenants());
                } catch (RuntimeException e) {
                    throw setupFailed(way, target, e, mask);
                }
                contenders.put(way, contender);
                calls.put(way, callers(contender, threads, borrowers, way, target, mask));
            }
            Map<Way, Latencies> latencies = new EnumMap<>(Way.class);
            Map<Way, LongAdder> errors = new EnumMap<>(Way.class);
            Map<Way, AtomicReference<String>> firstErrors = new EnumMap<>(Way.class);
            Map<Way, List<Double>> perRound = new EnumMap<>(Way.class);
            for (Way way : ways) {
                perRound.put(way, new ArrayList<>());
                latencies.put(way, new Latencies(threads));
                errors.put(way, new LongAdder());
                firstErrors.put(way, new AtomicReference<>());
            }
            if (!plan.warmup().isZero()) {
                for (Way way : ways) {
                    ticker.phase("warming up " + way.id(), plan.warmup());
                    // A new client per call is cold by definition: one call warms the JIT for it, and
                    // N concurrent process spawns would only cost time.
                    Contender.Call[] warming = way == Way.PER_CALL ? new Contender.Call[] {calls.get(way)[0]}
                            : calls.get(way);
                    slice(warming, borrowers, way == Way.PER_CALL ? Duration.ZERO : plan.warmup(),
                            way == Way.PER_CALL ? new Latencies(1) : null, null, new AtomicReference<>(),
                            ticker.completed);
                }
            }
            int rounds = rounds(plan.duration());
            Duration slice = plan.duration().dividedBy(rounds);
            for (int r = 1; r <= rounds; r++) {
                for (int w = 0; w < ways.size(); w++) {
                    Way way = ways.get((w + r - 1) % ways.size());
                    ticker.phase("round " + r + "/" + rounds + ": " + way.id(), slice);
                    long callsBefore = ticker.completed.sum();
                    long started = System.nanoTime();
                    slice(calls.get(way), borrowers, slice, latencies.get(way), errors.get(way), firstErrors.get(way),
                            ticker.completed);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    perRound.get(way).add((ticker.completed.sum() - callsBefore) / seconds);
                }
            }
            List<CellResult> results = new ArrayList<>();
            for (Way way : ways) {
                Latencies l = latencies.get(way);
                Histogram h = l.histogram();
                boolean any = h.getTotalCount() > 0;
                String error = firstErrors.get(way).get();
                results.add(new CellResult(target.label(), way, threads, h.getTotalCount(), errors.get(way).sum(),
                        l.callsPerSecond(), any ? ms(h.getValueAtPercentile(50)) : 0,
                        any ? ms(h.getValueAtPercentile(90)) : 0, any ? ms(h.getValueAtPercentile(99)) : 0,
                        any ? ms(h.getMaxValue()) : 0, error == null ? null : mask.apply(error), perRound.get(way)));
            }
            return results;
        } finally {
            ticker.stop();
            contenders.values().forEach(Contender::close);
        }
    }

    /** Makes each thread's call in parallel (dedicated clients connect here: N spawns at once, not in a row). */
    private static Contender.Call[] callers(Contender contender, int threads, Borrowers borrowers, Way way,
            Target target, UnaryOperator<String> mask) {
        Contender.Call[] calls = new Contender.Call[threads];
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> makers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            makers.add(borrowers.start("bench-setup-" + i, () -> {
                try {
                    calls[index] = contender.caller();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        join(makers);
        if (failure.get() != null) {
            throw setupFailed(way, target, failure.get(), mask);
        }
        return calls;
    }

    private static IllegalStateException setupFailed(Way way, Target target, RuntimeException e,
            UnaryOperator<String> mask) {
        return new IllegalStateException(way.id() + " could not be set up against " + target.label() + ": "
                + mask.apply(String.valueOf(e.getMessage())), e);
    }

    /** One slice: every thread calls until the time is up (at least once when recording). */
    private static void slice(Contender.Call[] calls, Borrowers borrowers, Duration length, Latencies record,
            LongAdder errors, AtomicReference<String> firstError, LongAdder completed) {
        long end = System.nanoTime() + length.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < calls.length; i++) {
            Contender.Call call = calls[i];
            Latencies.Tally mine = record == null ? null : record.tally(i);
            workers.add(borrowers.start("bench-call-" + i,
                    () -> loop(call, end, record, mine, errors, firstError, completed)));
        }
        join(workers);
    }

    /**
     * Calls until {@code endNanos}; when recording, at least once. A failure is counted and the loop
     * goes on after a short pause, so a dead server does not turn into a hot loop.
     */
    private static void loop(Contender.Call call, long endNanos, Latencies record, Latencies.Tally mine,
            LongAdder errors, AtomicReference<String> firstError, LongAdder completed) {
        int failures = 0;
        while (System.nanoTime() < endNanos || (record != null && mine.calls() == 0 && failures < 10)) {
            long t0 = System.nanoTime();
            try {
                call.run();
            } catch (RuntimeException e) {
                failures++;
                if (errors != null) {
                    errors.increment();
                }
                firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                sleepQuietly(10);
                continue;
            }
            long t1 = System.nanoTime();
            if (record != null) {
                record.record(mine, t0, t1);
            }
            completed.increment();
        }
    }

    private static void join(List<Thread> threads) {
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring", e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Reports the current phase to the listener once a second, from a daemon thread. */
    private static final class Ticker {
        final LongAdder completed = new LongAdder();
        private final Listener listener;
        private final Thread thread;
        private volatile String phase = "setting up";
        private volatile Duration total = Duration.ZERO;
        private volatile long since = System.nanoTime();

        Ticker(Listener listener) {
            this.listener = listener;
            this.thread = listener == null ? null : new Thread(this::tick, "bench-progress");
            if (thread != null) {
                thread.setDaemon(true);
                thread.start();
            }
        }

        void phase(String phase, Duration total) {
            completed.reset();
            this.since = System.nanoTime();
            this.total = total;
            this.phase = phase;
        }

        private void tick() {
            try {
                while (true) {
                    Thread.sleep(1000);
                    listener.progress(phase, Duration.ofNanos(System.nanoTime() - since), total, completed.sum());
                }
            } catch (InterruptedException done) {
                // The measurement is over.
            }
        }

        void stop() {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
