package io.mcpool.impl.transport;

import io.mcpool.PoolConfig;
import io.mcpool.SessionKey;
import io.mcpool.spi.TransportFactory;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the SDK transport of one new session: the built-in stdio, SSE and streamable-HTTP
 * transports, or the configured {@link TransportFactory}. All HTTP transports of a pool share the
 * pool's {@link HttpClient}.
 */
public final class TransportBuilder {

    private final PoolConfig config;
    private final Supplier<PoolConfig> current;
    private final CurrentCredentials credentials;
    private final HttpClient sharedClient;
    private final Logger serverLog;

    /**
     * @param config       the pool's configuration at its creation (what shapes a session)
     * @param current      the pool's current configuration, whose credentials each request carries
     * @param sharedClient the pool's one HTTP client
     */
    public TransportBuilder(PoolConfig config, Supplier<PoolConfig> current, HttpClient sharedClient) {
        this.config = config;
        this.current = current;
        this.credentials = new CurrentCredentials(current);
        this.sharedClient = sharedClient;
        this.serverLog = LoggerFactory.getLogger("io.mcpool.server." + config.name());
    }

    /**
     * @param key     the partition the session is for
     * @param headers the session's fixed headers (the static ones; credentials are added per request)
     * @param ended   told when the server ends the session on its own: the event stream of an HTTP+SSE session
     *                closed (a restart); not told for a transport made by a {@link TransportFactory}
     * @return a new, unconnected transport
     * @throws Exception when the transport factory fails
     */
    public McpClientTransport build(SessionKey key, Map<String, String> headers, Consumer<Throwable> ended)
            throws Exception {
        SessionHeaders customizer = new SessionHeaders(headers, credentials, key);
        if (config.transportFactory() != null) {
            return config.transportFactory().create(new Context(key, headers, customizer));
        }
        return switch (config.transport()) {
            case STDIO -> stdio();
            case SSE -> sse(customizer, ended);
            case STREAMABLE_HTTP -> streamableHttp(customizer, key);
        };
    }

    private McpClientTransport stdio() {
        ServerParameters params = ServerParameters.builder(config.command())
                .args(config.args())
                .env(config.env())
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        // The server's stderr is its log: route it to ours instead of the console, at DEBUG and
        // redacted (servers print their keys there).
        transport.setStdErrorHandler(line -> {
            if (serverLog.isDebugEnabled()) {
                serverLog.debug("{}", config.redact(line));
            }
        });
        return transport;
    }

    private McpClientTransport sse(McpSyncHttpClientRequestCustomizer customizer, Consumer<Throwable> ended) {
        return HttpClientSseClientTransport.builder(config.endpoint())
                .sseEndpoint(config.sseEndpoint())
                .clientBuilder(new SharedHttpClientBuilder(new SseStreamWatch(sharedClient, ended)))
                .connectTimeout(config.connectTimeout())
                .httpRequestCustomizer(customizer)
                .build();
    }

    private McpClientTransport streamableHttp(SessionHeaders customizer, SessionKey key) {
        URI uri = URI.create(config.endpoint());
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        HttpClientStreamableHttpTransport.Builder builder = HttpClientStreamableHttpTransport.builder(base)
                .endpoint(path)
                // Each session's POST answers are resumable (the SDK ignores retry: and never resumes a cut stream).
                .clientBuilder(new SharedHttpClientBuilder(new StreamResumption(sharedClient, config.requestTimeout(),
                        customizer::resuming)))
                .connectTimeout(config.connectTimeout())
                .httpRequestCustomizer(customizer);
        if (config.authProvider() != null) {
            // Whether there is a provider is fixed for the pool's life; which one is read per refusal.
            builder.authorizationErrorHandler(new AuthorizationErrors(credentials, key));
        }
        return builder.build();
    }

    private final class Context implements TransportFactory.Context {
        private final SessionKey key;
        private final Map<String, String> headers;
        private final SessionHeaders customizer;

        Context(SessionKey key, Map<String, String> headers, SessionHeaders customizer) {
            this.key = key;
            Map<String, String> withBearer = new java.util.LinkedHashMap<>(headers);
            withBearer.putAll(CurrentCredentials.bearer(current.get(), key));
            this.headers = Map.copyOf(withBearer);
            this.customizer = customizer;
        }

        @Override
        public PoolConfig config() {
            return config;
        }

        @Override
        public SessionKey key() {
            return key;
        }

        @Override
        public Map<String, String> headers() {
            return headers;
        }

        @Override
        public McpSyncHttpClientRequestCustomizer leaseHeaders() {
            return customizer;
        }

        @Override
        public HttpClient.Builder sharedHttpClient() {
            return new SharedHttpClientBuilder(sharedClient);
        }
    }
}
