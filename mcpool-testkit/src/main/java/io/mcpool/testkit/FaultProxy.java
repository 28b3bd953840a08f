package io.mcpool.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on {@code 127.0.0.1} between a client and a server, for faults that no well-behaved
 * server produces: added latency, a black hole (connections accepted, nothing ever answered), reset
 * connections, and connections closed in the middle of a response. Plain pass-through otherwise.
 *
 * <pre>{@code
 * try (TestMcpServer server = TestMcpServer.builder().build().start();
 *      FaultProxy proxy = FaultProxy.start(server.port())) {
 *     String endpoint = proxy.url("/mcp");     // point the client here
 *     proxy.blackHole();                       // from now on, nothing gets through
 *     proxy.heal();                            // back to pass-through
 *     proxy.methodLatency("initialize", Duration.ofMillis(50));   // each initialize 50 ms late
 * }
 * }</pre>
 *
 * <p>Loopback only, and every thread it starts is a daemon that ends with {@link #close()}.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does to traffic. */
    public enum Fault {
        /** Pass everything through. */
        NONE,
        /** Delay every chunk by {@link #latency(Duration)}. */
        LATENCY,
        /** Accept connections but forward nothing, in either direction. */
        BLACK_HOLE,
        /** Reset every connection (TCP RST), existing and new. */
        RESET,
        /**
         * Forward the first half of the next response to a POST (an MCP call) on each connection, then
         * close it. Long-lived SSE streams opened with GET are left alone.
         */
        CLOSE_MID_RESPONSE
    }

    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean oneShot;
    /** Requests seen so far (request lines, on every connection), to tell requests sent after a cut was armed. */
    private final AtomicLong requests = new AtomicLong();
    private volatile long armedAfter;
    private volatile boolean closed;
    /** Requests of one JSON-RPC method to hold back, or null; independent of {@link #fault}. */
    private volatile MethodDelay methodDelay;
    private final AtomicLong delayedRequests = new AtomicLong();
    /** Told each time a request held back by {@link #methodLatency} goes on to the server. */
    private volatile Runnable onRelease = () -> { };
    /**
     * Runs each connection's two pumps on reused threads: a thread started per connection and direction costs this
     * machine's CPU (the client's and the server's too, on a small machine) that a network's latency does not.
     */
    private final ExecutorService pumps;

    /** Holds back each request whose body calls {@code method}. */
    private record MethodDelay(Pattern method, Duration delay) {
    }

    /**
     * How much of the previous chunk of a request stream is searched again with the next, so that a
     * method name split across two reads is still found.
     */
    private static final int CARRY_OVER = 64;

    private FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        String name = "fault-proxy-" + listener.getLocalPort() + "-pump";
        this.pumps = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to {@code 127.0.0.1:targetPort} on a free loopback port.
     *
     * @param targetPort the server's port
     * @return the running proxy
     */
    public static FaultProxy start(int targetPort) {
        try {
            return new FaultProxy(targetPort);
        } catch (IOException e) {
            throw new IllegalStateException("the fault proxy could not bind a loopback port", e);
        }
    }

    /** @return the proxy's port */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * @param path a path such as {@code /mcp}
     * @return {@code http://127.0.0.1:<proxy port><path>}
     */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** @return the fault in force */
    public Fault fault() {
        return fault;
    }

    /** @return connections accepted since start */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** @return connections open now */
    public int openConnections() {
        return links.size();
    }

    /**
     * Delays every chunk, in both directions, by {@code delay}.
     *
     * @param delay the added latency
     */
    public void latency(Duration delay) {
        this.latency = delay;
        this.fault = Fault.LATENCY;
    }

    /**
     * Delays each request that calls the JSON-RPC {@code method} (its body holds {@code "method":"<method>"})
     * by {@code delay} before the server sees it; other requests pass as they are. Works beside the other
     * faults and stays until {@link #heal()}; a second call replaces the first. For example
     * {@code methodLatency("initialize", Duration.ofMillis(50))} makes every new MCP session 50 ms slower to
     * open while its calls keep their speed.
     *
     * @param method the JSON-RPC method, e.g. {@code initialize} or {@code tools/list}
     * @param delay  how long to hold each such request; zero for none
     * @throws IllegalArgumentException when the method is blank or the delay negative
     */
    public void methodLatency(String method, Duration delay) {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("methodLatency needs a JSON-RPC method name, e.g. initialize");
        }
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("methodLatency must be zero or more; got " + delay);
        }
        this.methodDelay = delay.isZero() ? null
                : new MethodDelay(Pattern.compile("\"method\"\\s*:\\s*\"" + Pattern.quote(method) + "\""), delay);
    }

    /**
     * Runs {@code listener} each time a request held back by {@link #methodLatency(String, Duration)} goes on to
     * the server, on the proxy's thread, just before the request is forwarded: the moment the held-back answers
     * begin. A second call replaces the first.
     *
     * @param listener what to run; quick, it holds that request up
     */
    public void whenReleased(Runnable listener) {
        this.onRelease = java.util.Objects.requireNonNull(listener, "listener");
    }

    /** @return requests held back by {@link #methodLatency(String, Duration)} since start */
    public long delayedRequests() {
        return delayedRequests.get();
    }

    /** Forwards nothing from now on; connections stay open and silent (new ones too). */
    public void blackHole() {
        this.fault = Fault.BLACK_HOLE;
    }

    /** Resets every open connection now, and every new one until {@link #heal()}. */
    public void reset() {
        this.fault = Fault.RESET;
        links.forEach(Link::reset);
    }

    /** Cuts every response to a POST sent from now on in the middle, until {@link #heal()}. */
    public synchronized void closeMidResponse() {
        this.armedAfter = requests.get();
        this.oneShot = false;
        this.fault = Fault.CLOSE_MID_RESPONSE;
    }

    /** Cuts the response to the next POST sent from now on in the middle, then heals by itself. */
    public synchronized void closeNextResponse() {
        this.armedAfter = requests.get();
        this.oneShot = true;
        this.fault = Fault.CLOSE_MID_RESPONSE;
    }

    /**
     * Back to pass-through, {@link #methodLatency(String, Duration)} included. Connections black-holed
     * meanwhile stay dead; new ones work.
     */
    public void heal() {
        this.fault = Fault.NONE;
        this.latency = Duration.ZERO;
        this.methodDelay = null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(Link::close);
        pumps.shutdown();
    }

    /**
     * @param request the number of the request being answered
     * @return true when this cut may happen: for a request sent after the cut was armed (an answer still on
     *     its way from before, say to a notification, is left alone), always or only once when it is one-shot
     */
    private synchronized boolean claimCut(long request) {
        if (fault != Fault.CLOSE_MID_RESPONSE || request <= armedAfter) {
            return false;
        }
        if (oneShot) {
            fault = Fault.NONE;
        }
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                if (fault == Fault.RESET) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Link link = new Link(client);
                links.add(link);
                link.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("fault proxy accept failed", e);
                }
            }
        }
    }

    /** One client connection and its upstream connection, with a pump per direction. */
    private final class Link {
        private final Socket client;
        private volatile Socket server;
        /** A connection accepted while black-holed never gets an upstream connection. */
        private final boolean silent;
        /** The method of the last request seen on this connection, to tell calls from SSE streams. */
        private volatile String lastMethod = "";
        /** The number of the last request sent on this connection, from {@link FaultProxy#requests}. */
        private volatile long lastRequest;

        Link(Socket client) {
            this.client = client;
            this.silent = fault == Fault.BLACK_HOLE;
            try {
                client.setTcpNoDelay(true); // a partial write goes out now, not after Nagle's delay
            } catch (SocketException ignored) {
                // closed already; the link ends at once
            }
        }

        void start() {
            try {
                pumps.execute(this::run);
            } catch (RejectedExecutionException closing) {
                close(); // the proxy closed as this connection came in
            }
        }

        private void run() {
            try {
                if (silent) {
                    // Hold the connection open and read (and drop) whatever comes, until closed.
                    drain(client.getInputStream());
                    return;
                }
                server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                // Forwarded as it comes, too: with Nagle on, a request whose headers and body arrive apart waits for
                // the server's delayed ACK of the headers (40 ms on Linux) before its body goes on.
                server.setTcpNoDelay(true);
                pumps.execute(() -> pump(client, server, false));
                pump(server, client, true);
            } catch (IOException | RejectedExecutionException e) {
                LOG.debug("fault proxy link failed", e);
            } finally {
                close();
            }
        }

        private void pump(Socket from, Socket to, boolean response) {
            byte[] buffer = new byte[16 * 1024];
            String carried = "";
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!response) {
                        String method = methodOf(buffer, n, null);
                        if (method != null) {
                            lastMethod = method;
                            lastRequest = requests.incrementAndGet();
                        }
                    }
                    Fault now = fault;
                    if (now == Fault.BLACK_HOLE) {
                        continue;
                    }
                    MethodDelay delay = methodDelay;
                    if (!response && delay != null) {
                        // One byte per char: the JSON-RPC names are ASCII, and a split UTF-8 sequence cannot hide them.
                        String text = carried + new String(buffer, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
                        java.util.regex.Matcher m = delay.method().matcher(text);
                        // A match that ends in the carried-over part was counted with the previous chunk.
                        while (m.find()) {
                            if (m.end() > carried.length()) {
                                delayedRequests.incrementAndGet();
                                Sleep.of(delay.delay());
                                onRelease.run();
                                break;
                            }
                        }
                        carried = text.substring(Math.max(0, text.length() - CARRY_OVER));
                    }
                    if (now == Fault.LATENCY) {
                        Sleep.of(latency);
                    }
                    if (now == Fault.CLOSE_MID_RESPONSE && response && lastMethod.equals("POST")
                            && claimCut(lastRequest)) {
                        out.write(buffer, 0, Math.max(1, n / 2));
                        out.flush();
                        endAfterWhatWasWritten();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side or a fault closed the connection
            } finally {
                close();
            }
        }

        private String methodOf(byte[] chunk, int length, String previous) {
            for (String method : new String[] {"POST ", "GET ", "DELETE "}) {
                if (length >= method.length()
                        && new String(chunk, 0, method.length(), java.nio.charset.StandardCharsets.US_ASCII).equals(method)) {
                    return method.trim();
                }
            }
            return previous;
        }

        private void drain(InputStream in) throws IOException {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // black hole: swallow
            }
        }

        /**
         * Closes the client's side right after the bytes already written, with a FIN that follows them. A reset
         * here could discard bytes still queued, and a client that got no byte of the answer on a kept-alive
         * connection takes it for a stale connection and may send the request again (the JDK's HttpClient
         * does): the cut would then go unnoticed.
         */
        private void endAfterWhatWasWritten() {
            try {
                client.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
            closeQuietly(server);
        }

        void reset() {
            for (Socket s : new Socket[] {client, server}) {
                if (s != null) {
                    try {
                        s.setSoLinger(true, 0);
                    } catch (SocketException ignored) {
                        // already closed
                    }
                }
            }
            close();
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(server);
        }

        private void closeQuietly(Socket s) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
