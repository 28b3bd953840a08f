package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.mcpool.Transport;
import io.mcpool.impl.transport.ThrottleAwareHttpClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one pool owns and shares among its sessions: one {@link HttpClient} (not one per session), the
 * housekeeping thread, the workers that close sessions and run background work, and the connector
 * threads that open sessions for borrowers; on a JDK whose {@code HttpClient.sendAsync} would start a thread for
 * every response, the HTTP client's sender threads too. Released in {@link #stopWorkers} and
 * {@link #releaseHttpClient}.
 */
final class PoolResources {

    private static final Logger LOG = LoggerFactory.getLogger(PoolResources.class);

    private final String poolName;
    private final HttpClient httpClient;
    /** The same client for 2026-07-28 handles: never with sender threads. */
    private final HttpClient handlesHttpClient;
    private final ScheduledThreadPoolExecutor housekeeping;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor connectors;
    /** The HTTP client's sender threads, or null where {@code sendAsync} needs none. */
    private final ThreadPoolExecutor senders;

    /** @param serverAskedToWait told of each {@code 429}'s {@code Retry-After} seen on the shared client */
    PoolResources(PoolConfig config, Consumer<Duration> serverAskedToWait) {
        this.poolName = config.name();
        String prefix = "mcpool-" + config.name();
        // Threads only while exchanges are under way, and only where the JDK would start one for every response.
        boolean http = needsHttp(config);
        this.senders = http && ThrottleAwareHttpClient.jdkStartsAThreadPerResponse()
                ? new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                        new NamedThreadFactory(prefix + "-http"))
                : null;
        HttpClient jdk = http ? httpClientOf(config) : null;
        this.httpClient = jdk == null ? null : new ThrottleAwareHttpClient(jdk, serverAskedToWait, senders);
        // 2026-07-28 handles keep sendAsync: with sender threads, a randomised test of cancelled 2026-07-28 calls
        // left a tool running on the server more often (3 in 210 repeats against 1 in 210, with ExchangeBody in place;
        // performance.md 12i).
        this.handlesHttpClient = jdk == null || senders == null ? httpClient
                : new ThrottleAwareHttpClient(jdk, serverAskedToWait);
        this.housekeeping = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(prefix + "-housekeeper"));
        this.housekeeping.setRemoveOnCancelPolicy(true);
        int workerCount = Math.max(2, Math.min(16, config.maxSessions()));
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamedThreadFactory(prefix + "-worker"));
        this.workers.allowCoreThreadTimeOut(true);
        // Threads only while creations run: the capacity gate bounds how many run at once.
        this.connectors = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new NamedThreadFactory(prefix + "-connector"));
    }

    /**
     * The pool's client with its TLS and proxy settings (they were validated with the configuration), on the threads
     * every pool's client shares ({@link HttpWorkers}).
     */
    private static HttpClient httpClientOf(PoolConfig config) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .executor(HttpWorkers.shared());
        if (config.tls() != null) {
            builder.sslContext(config.tls().sslContext());
            if (config.tls().insecureDisableHostnameVerification()) {
                LOG.warn("Pool '{}': hostname verification is OFF (tls.insecureDisableHostnameVerification): any "
                        + "trusted certificate is accepted for any host; never use this in production", config.name());
            }
        }
        if (config.proxySelector() != null) {
            builder.proxy(config.proxySelector());
        }
        return builder.build();
    }

    private static boolean needsHttp(PoolConfig config) {
        return config.transportFactory() != null || config.transport() != Transport.STDIO;
    }

    /** @return the pool's shared HTTP client, or null for a pool of plain stdio sessions */
    HttpClient httpClient() {
        return httpClient;
    }

    /** @return the same client as 2026-07-28 handles see it: without sender threads; null for plain stdio */
    HttpClient handlesHttpClient() {
        return handlesHttpClient;
    }

    ScheduledExecutorService housekeeping() {
        return housekeeping;
    }

    /** @return the workers, for work whose caller waits on its result */
    Executor workers() {
        return workers;
    }

    /** Runs a creation's network part for a borrower who may give up on it. */
    void connect(Runnable connect) {
        connectors.execute(connect);
    }

    /** Runs a session's close on a worker; on the calling thread when the pool no longer takes work. */
    void runClose(Runnable close) {
        try {
            workers.execute(close);
        } catch (RejectedExecutionException shuttingDown) {
            close.run();
        }
    }

    /** Runs {@code task} on a worker; drops it when the pool is closing (the work is moot then). */
    void runInBackground(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            LOG.trace("Pool '{}' is closing; background task dropped", poolName);
        }
    }

    /** Runs {@code task} on the housekeeping thread soon; nothing when the pool is closing. */
    void housekeepSoon(Runnable task) {
        try {
            housekeeping.execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            LOG.trace("Pool '{}' is closing; housekeeping task dropped", poolName);
        }
    }

    /** Runs {@code task} every {@code period} on the housekeeping thread. */
    void housekeepEvery(Duration period, Runnable task) {
        housekeeping.scheduleWithFixedDelay(task, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stopHousekeeping() {
        housekeeping.shutdownNow();
    }

    /** @return whether background work and creations under way finished within {@code bound} */
    boolean stopWorkers(Duration bound) throws InterruptedException {
        workers.shutdown();
        connectors.shutdown();
        return workers.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)
                && connectors.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Releases the shared HTTP client. On JDK 21+ that is {@code HttpClient.shutdownNow()}, which aborts
     * whatever is still in flight (an SSE stream nobody reads any more); {@code close()} would wait for
     * such a stream forever. On JDK 17 there is nothing to call: the client's threads end when it is
     * garbage. The sender threads, where there are any, are stopped (an exchange still under way is
     * interrupted). Call it once no session uses the client.
     */
    void releaseHttpClient() {
        if (senders != null) {
            senders.shutdownNow();
        }
        HttpClient real = httpClient instanceof ThrottleAwareHttpClient t ? t.delegate() : httpClient;
        if (real == null) {
            return;
        }
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(real);
        } catch (NoSuchMethodException jdk17) {
            LOG.trace("JDK 17: the HTTP client of pool '{}' ends with its threads", poolName);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Pool '{}': shutting the HTTP client down failed", poolName, e);
        }
    }
}
