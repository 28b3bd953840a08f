package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonDefaults;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client ID metadata document served over HTTPS on {@code 127.0.0.1}, as an MCP client publishes one: the
 * document's URL is the client's {@code client_id}.
 *
 * <pre>{@code
 * TestTls tls = TestTls.generate();
 * try (TestClientMetadataDocument doc = TestClientMetadataDocument.start(tls, "test client",
 *         List.of("http://127.0.0.1:8765/callback"))) {
 *     String clientId = doc.url();     // https://127.0.0.1:<port>/client.json
 * }
 * }</pre>
 *
 * <p>The document: {@code client_id} (its own URL), {@code client_name}, {@code redirect_uris},
 * {@code grant_types} ({@code authorization_code}, {@code refresh_token}), {@code response_types}
 * ({@code code}) and {@code token_endpoint_auth_method} {@code none}.
 */
public final class TestClientMetadataDocument implements AutoCloseable {

    /** The document's path. */
    public static final String PATH = "/client.json";

    private final JettyHost host;

    private final AtomicInteger fetches;

    private TestClientMetadataDocument(JettyHost host, AtomicInteger fetches) {
        this.host = host;
        this.fetches = fetches;
    }

    /**
     * Starts serving the document on a free port.
     *
     * @param tls          the server certificate
     * @param clientName   the {@code client_name}
     * @param redirectUris the {@code redirect_uris}
     * @return the running document server
     */
    public static TestClientMetadataDocument start(TestTls tls, String clientName, List<String> redirectUris) {
        AtomicInteger fetches = new AtomicInteger();
        HttpServlet servlet = new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                if (!PATH.equals(request.getRequestURI())) {
                    response.sendError(404);
                    return;
                }
                fetches.incrementAndGet();
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("client_id", "https://" + request.getServerName() + ":" + request.getServerPort() + PATH);
                document.put("client_name", clientName);
                document.put("redirect_uris", redirectUris);
                document.put("grant_types", List.of("authorization_code", "refresh_token"));
                document.put("response_types", List.of("code"));
                document.put("token_endpoint_auth_method", "none");
                response.setContentType("application/json");
                response.getOutputStream().write(McpJsonDefaults.getMapper().writeValueAsString(document)
                        .getBytes(StandardCharsets.UTF_8));
            }
        };
        return new TestClientMetadataDocument(JettyHost.start(0, servlet, tls, List.of()), fetches);
    }

    /** @return the document's URL, {@code https://127.0.0.1:<port>/client.json}: the client's id */
    public String url() {
        return "https://127.0.0.1:" + host.port() + PATH;
    }

    /** @return how many times the document was fetched */
    public int fetchCount() {
        return fetches.get();
    }

    /** Stops serving. */
    @Override
    public void close() {
        host.stop();
    }
}
