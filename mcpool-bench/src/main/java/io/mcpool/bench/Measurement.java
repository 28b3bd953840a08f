package io.mcpool.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Runs one cell: sets a {@link Way} up against a {@link Target}, lets {@code threads} threads call
 * in a closed loop (each waits for its answer, then calls again) for an untimed warm-up and then
 * for the measured duration, and reduces what they recorded to a {@link CellResult}. Every thread
 * makes at least one measured call, so even a way whose call takes seconds gets a number.
 */
public final class Measurement {

    /** Told what a running cell is doing, about once a second. */
    public interface Listener {
        /**
         * @param phase   "setting up", "warming up" or "measuring"
         * @param elapsed time in this phase
         * @param total   planned length of this phase (zero for setup)
         * @param calls   calls completed so far in this phase
         */
        void progress(String phase, Duration elapsed, Duration total, long calls);
    }

    private Measurement() {
    }

    /**
     * @param target   the server
     * @param way      how to call it
     * @param threads  threads calling at once
     * @param warmup   untimed calls first, for the JIT and the server
     * @param duration the measured phase
     * @param listener progress, may be null
     * @param mask     applied to every error message kept (masks header values)
     * @return the result
     * @throws IllegalStateException when the way cannot be set up against the target
     */
    public static CellResult run(Target target, Way way, int threads, Duration warmup, Duration duration,
            Listener listener, UnaryOperator<String> mask) {
        LongAdder completed = new LongAdder();
        AtomicReference<String> phase = new AtomicReference<>("setting up");
        long[] phaseStart = {System.nanoTime()};
        Thread ticker = listener == null ? null : new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(1000);
                    String p = phase.get();
                    Duration total = p.equals("warming up") ? warmup : p.equals("measuring") ? duration : Duration.ZERO;
                    listener.progress(p, Duration.ofNanos(System.nanoTime() - phaseStart[0]), total, completed.sum());
                }
            } catch (InterruptedException done) {
                // The cell is over.
            }
        }, "bench-progress");
        if (ticker != null) {
            ticker.setDaemon(true);
            ticker.start();
        }
        try (Contender contender = way.open(target, threads)) {
            List<Samples> samples = new ArrayList<>();
            LongAdder errors = new LongAdder();
            AtomicReference<String> firstError = new AtomicReference<>();
            AtomicReference<RuntimeException> setupFailure = new AtomicReference<>();
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            long[] bounds = new long[2];
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Samples mine = new Samples();
                samples.add(mine);
                Thread worker = new Thread(() -> {
                    Contender.Call call;
                    try {
                        call = contender.caller();
                    } catch (RuntimeException e) {
                        setupFailure.compareAndSet(null, e);
                        ready.countDown();
                        return;
                    }
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (setupFailure.get() != null) {
                        return;
                    }
                    loop(call, bounds[0], null, completed, errors, firstError);
                    loop(call, bounds[1], mine, completed, errors, firstError);
                }, "bench-" + way.id() + "-" + i);
                worker.start();
                workers.add(worker);
            }
            ready.await();
            if (setupFailure.get() != null) {
                go.countDown();
                join(workers);
                RuntimeException e = setupFailure.get();
                throw new IllegalStateException(way.id() + " could not be set up against " + target.label() + ": "
                        + mask.apply(String.valueOf(e.getMessage())), e);
            }
            long start = System.nanoTime();
            bounds[0] = start + warmup.toNanos();
            bounds[1] = bounds[0] + duration.toNanos();
            phaseStart[0] = start;
            phase.set("warming up");
            go.countDown();
            // The workers switch to measuring by the clock; follow them for the progress line.
            long untilMeasuring = bounds[0] - System.nanoTime();
            if (untilMeasuring > 0) {
                Thread.sleep(untilMeasuring / 1_000_000, (int) (untilMeasuring % 1_000_000));
            }
            completed.reset();
            phaseStart[0] = System.nanoTime();
            phase.set("measuring");
            join(workers);
            long[] sorted = Samples.merge(samples);
            double rate = samples.stream().mapToDouble(Samples::callsPerSecond).sum();
            String error = firstError.get();
            return new CellResult(target.label(), way, threads, sorted.length, errors.sum(), rate,
                    ms(Samples.percentile(sorted, 50)), ms(Samples.percentile(sorted, 90)),
                    ms(Samples.percentile(sorted, 99)), ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]),
                    error == null ? null : mask.apply(error));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring", e);
        } finally {
            if (ticker != null) {
                ticker.interrupt();
            }
        }
    }

    /**
     * Calls until {@code endNanos}; when recording, at least once. A failure is counted and the loop
     * goes on after a short pause, so a dead server does not turn into a hot loop.
     */
    private static void loop(Contender.Call call, long endNanos, Samples record, LongAdder completed, LongAdder errors,
            AtomicReference<String> firstError) {
        while (System.nanoTime() < endNanos || (record != null && record.count() == 0 && errors.sum() < 100)) {
            long t0 = System.nanoTime();
            try {
                call.run();
            } catch (RuntimeException e) {
                if (record != null) {
                    errors.increment();
                }
                firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                sleepQuietly(10);
                continue;
            }
            long t1 = System.nanoTime();
            if (record != null) {
                record.add(t0, t1);
            }
            completed.increment();
        }
    }

    private static void join(List<Thread> workers) throws InterruptedException {
        for (Thread t : workers) {
            t.join();
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
}
