package io.mcpool.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A forwarding HTTP proxy on {@code 127.0.0.1} for tests: Jetty's {@link ConnectHandler}, which opens a
 * tunnel for each {@code CONNECT host:port} (how an HTTP client reaches an {@code https} server through a
 * proxy), and records each tunnel's target. It answers other requests (plain {@code http} in absolute form)
 * with {@code 404}: use it in front of TLS servers.
 *
 * <pre>{@code
 * try (TestProxy proxy = TestProxy.start()) {
 *     ... ProxyConfig.builder().address("127.0.0.1", proxy.port()) ...
 *     proxy.tunnels()   // ["127.0.0.1:43121", ...]
 * }
 * }</pre>
 */
public final class TestProxy implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final List<String> tunnels;

    private TestProxy(Server server, ServerConnector connector, List<String> tunnels) {
        this.server = server;
        this.connector = connector;
        this.tunnels = tunnels;
    }

    /**
     * @return a running proxy on a free port of {@code 127.0.0.1}
     * @throws IllegalStateException when it cannot start
     */
    public static TestProxy start() {
        QueuedThreadPool threads = new QueuedThreadPool(32, 2);
        threads.setName("mcpool-testkit-proxy");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        List<String> tunnels = new CopyOnWriteArrayList<>();
        server.setHandler(new ConnectHandler() {
            @Override
            protected void handleConnect(Request request, Response response, Callback callback, String serverAddress) {
                tunnels.add(serverAddress);
                super.handleConnect(request, response, callback, serverAddress);
            }
        });
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // it did not start
            }
            throw new IllegalStateException("could not start the test proxy", e);
        }
        return new TestProxy(server, connector, tunnels);
    }

    /** @return the port it listens on */
    public int port() {
        return connector.getLocalPort();
    }

    /** @return the target ({@code host:port}) of every tunnel opened so far, in order */
    public List<String> tunnels() {
        return List.copyOf(tunnels);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(TestProxy.class).warn("Stopping the test proxy failed", e);
        }
    }

    @Override
    public String toString() {
        return "TestProxy[127.0.0.1:" + port() + "]";
    }
}
