package io.mcpool.impl.transport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Where the JDK's {@link HttpClient} would start a new thread for every response, an exchange run as a blocking
 * {@link HttpClient#send} on one of the pool's reused threads instead.
 *
 * <p>{@code HttpClient.sendAsync} hands every response to the JDK's default {@link CompletableFuture} executor, and
 * what the SDK does with the answer runs there. On JDK 17 that executor is the ForkJoin common pool only when the
 * common pool has a parallelism of 2 or more; with fewer than three processors (a container limited to two CPUs, say)
 * it starts <em>a new thread for each task</em>, so for each HTTP exchange. Later JDKs (25 here) always use the common
 * pool. {@code send} passes no such executor: the exchange completes on the client's own threads, and the caller wakes.
 * Measured with the bench CLI on two cores, JDK 17, in-process server: a dedicated SDK client makes about 1,200 calls/s
 * with the default executor and about 2,600 with the common pool's parallelism raised to 2.
 *
 * <p>A thread is held while the request is under way, until the response's headers arrive (the SDK reads bodies as
 * publishers, so {@code send} returns then). A cancel interrupts that thread only while the response body has not been
 * read, the same rule as {@link ThrottleAwareHttpClient}'s, and releases the body of a response {@code send} had
 * returned but the future had not handed over ({@link ExchangeBody}).
 */
final class ThreadPerResponseAvoidance {

    private ThreadPerResponseAvoidance() {
    }

    /**
     * @return whether this JVM's {@code sendAsync} starts a thread per response: its default {@link CompletableFuture}
     *     executor is not a {@link ForkJoinPool}
     */
    static boolean jdkStartsAThreadPerResponse() {
        return !(new CompletableFuture<Void>().defaultExecutor() instanceof ForkJoinPool);
    }

    /**
     * One exchange, run by {@link #run()} on a sender thread; the future of its response.
     *
     * @param <T> the body's type
     */
    static final class Exchange<T> extends CompletableFuture<HttpResponse<T>> implements Runnable {

        private final HttpClient client;
        private final HttpRequest request;
        private final ReleasableHandler<T> handler;
        private final ExchangeBody body;
        /** Guards {@link #sender}, and the check that the exchange is not cancelled before it is set. */
        private final Object lock = new Object();
        private Thread sender;

        /**
         * @param client   the JDK client
         * @param request  the request
         * @param handler  its body handler, watched by {@code body}; released once {@code send} has returned
         * @param body     the response's body: a cancel after its end no longer reaches the exchange, and one before
         *                 the response was handed over releases it
         */
        Exchange(HttpClient client, HttpRequest request, ReleasableHandler<T> handler, ExchangeBody body) {
            this.client = client;
            this.request = request;
            this.handler = handler;
            this.body = body;
        }

        @Override
        public void run() {
            synchronized (lock) {
                if (isCancelled()) {
                    return;
                }
                sender = Thread.currentThread();
            }
            HttpResponse<T> response = null;
            Throwable failure = null;
            try {
                response = client.send(request, handler);
            } catch (IOException e) {
                failure = asSendAsyncFails(e);
            } catch (InterruptedException e) {
                failure = new IOException("the exchange was interrupted: cancelled, or its pool is closing", e);
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                handler.release();
                synchronized (lock) {
                    sender = null;
                }
                // A cancel that came after send had returned must not reach the thread's next exchange.
                Thread.interrupted();
            }
            if (failure != null) {
                completeExceptionally(failure);
            } else {
                complete(body.handedOver(response));
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            // Cancelled first: the interrupted send then fails an exchange already cancelled, never a live one.
            boolean cancelledNow = super.cancel(mayInterruptIfRunning);
            // Once the response has started, releasing its body ends the exchange (send may have returned it
            // already: it is not handed over); before, the interrupted send cancels it.
            if (cancelledNow && !body.abandon()) {
                synchronized (lock) {
                    if (sender != null && !body.ended()) {
                        sender.interrupt();
                    }
                }
            }
            return cancelledNow;
        }

        /**
         * @return the failure {@code sendAsync} would have completed with: {@code send} rethrows it as a new exception
         *     of the same kind and message with the original as its cause
         */
        static Throwable asSendAsyncFails(IOException thrown) {
            Throwable original = thrown.getCause();
            return original != null && Objects.equals(original.getMessage(), thrown.getMessage()) ? original : thrown;
        }
    }

    /**
     * @param senders  where the exchange runs
     * @param exchange the exchange
     * @return whether it was taken; not once {@code senders} is shut down
     */
    static boolean start(Executor senders, Exchange<?> exchange) {
        try {
            senders.execute(exchange);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            return false;
        }
    }
}
