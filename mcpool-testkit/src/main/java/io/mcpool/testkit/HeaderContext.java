package io.mcpool.testkit;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Carries the HTTP headers of the request that brought a message to the tools, via the SDK's transport context. */
final class HeaderContext {

    private static final String KEY = "io.mcpool.testkit.headers";

    private HeaderContext() {
    }

    /** The headers of an HTTP request: lower-case names, sorted, repeated values joined with {@code ", "}. */
    static Map<String, String> headersOf(HttpServletRequest request) {
        Map<String, String> headers = new TreeMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.merge(name.toLowerCase(Locale.ROOT), String.join(", ", Collections.list(request.getHeaders(name))),
                    (a, b) -> a + ", " + b);
        }
        return Collections.unmodifiableMap(headers);
    }

    /** The extractor to give an SDK servlet transport, so tools can see the headers. */
    static McpTransportContextExtractor<HttpServletRequest> extractor() {
        return request -> McpTransportContext.create(Map.of(KEY, headersOf(request)));
    }

    /** The headers stored by {@link #extractor()}, or an empty map (stdio, or no context). */
    @SuppressWarnings("unchecked")
    static Map<String, String> from(McpTransportContext context) {
        Object headers = context == null ? null : context.get(KEY);
        return headers instanceof Map ? (Map<String, String>) headers : Map.of();
    }
}
