package io.mcpool.impl;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads every pool's {@code HttpClient} runs its work on: one set for the JVM, made as needed, each ending after
 * {@value #IDLE_SECONDS} s idle ({@code mcpool-http-worker-N}, daemon). Left to the JDK, each client gets a cached
 * thread pool of its own: a new pool then starts a dozen threads while its sessions open, competing with them for
 * the cores, and on JDK 17, which cannot shut a client down, a closed pool's threads stay until its client is garbage.
 * Shared, a pool opened after others finds threads waiting. Never shut down: the JDK shuts down only an executor of
 * its own making, and idle threads end by themselves.
 *
 * <p>Each thread's context class loader is mcpool's own, not that of whichever application's thread happened to start
 * it: threads serve every pool of this class loader, and must not keep an undeployed application's classes.
 */
final class HttpWorkers {

    /** How long an idle thread waits for work before it ends, as the JDK's own client executor does. */
    static final int IDLE_SECONDS = 60;
    /** The threads' names before {@code -N}. */
    static final String THREAD_NAME_PREFIX = "mcpool-http-worker";

    private HttpWorkers() {
    }

    /** Made on first use: a JVM with no HTTP pool starts nothing. */
    private static final class Holder {
        static final ThreadPoolExecutor EXECUTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
                TimeUnit.SECONDS, new SynchronousQueue<>(),
                new NamedThreadFactory(THREAD_NAME_PREFIX, HttpWorkers.class.getClassLoader()));
    }

    /** @return the executor for a pool's {@code HttpClient.Builder.executor} */
    static Executor shared() {
        return Holder.EXECUTOR;
    }
}
