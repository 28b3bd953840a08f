package io.mcpool.testkit;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** A Jetty server on 127.0.0.1 that serves one servlet behind a chain of filters, over HTTP or HTTPS. */
final class JettyHost {

    /** Enough threads for 100+ concurrent callers that each hold a thread while a latency knob sleeps. */
    private static final int MAX_THREADS = 400;

    private final Server server;

    private final ServerConnector connector;

    private JettyHost(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts serving.
     *
     * @param port 0 for any free port
     */
    static JettyHost start(int port, HttpServlet servlet, Filter filter) {
        return start(port, servlet, null, List.of(filter));
    }

    /**
     * Starts serving.
     *
     * @param port    0 for any free port
     * @param tls     the certificate to serve HTTPS with, or {@code null} for plain HTTP
     * @param filters run in this order in front of the servlet
     */
    static JettyHost start(int port, HttpServlet servlet, TestTls tls, List<Filter> filters) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("mcpool-testkit-" + (port == 0 ? "any" : Integer.toString(port)));
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = tls == null ? new ServerConnector(server, 1, 1) : httpsConnector(server, tls);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setReuseAddress(true);
        // Idle SSE streams must outlive a test's pauses; a stop closes them anyway.
        connector.setIdleTimeout(java.time.Duration.ofMinutes(10).toMillis());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        for (Filter filter : filters) {
            FilterHolder filterHolder = new FilterHolder(filter);
            filterHolder.setAsyncSupported(true);
            context.addFilter(filterHolder, "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        server.setHandler(context);
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("could not start the test MCP server on 127.0.0.1:" + port
                    + (port == 0 ? "" : " (is the port taken?)"), e);
        }
        return new JettyHost(server, connector);
    }

    /** HTTPS whose requests know they are secure (scheme {@code https}); no SNI check: clients may dial the IP. */
    private static ServerConnector httpsConnector(Server server, TestTls tls) {
        HttpConfiguration config = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        config.addCustomizer(secure);
        return new ServerConnector(server, 1, 1,
                new SslConnectionFactory(tls.serverContextFactory(), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(config));
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Stops serving: open connections and streams are dropped, as when a server process dies. */
    void stop() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(JettyHost.class).warn("Stopping the test MCP server failed", e);
        }
    }
}
