package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stands in front of the SDK servlet of a {@link TestMcpServer}: records every JSON-RPC request with the
 * headers of the HTTP request that carried it, applies the {@code tools/list} knobs (latency, failures,
 * pagination), and keeps the session ledger. The SDK still does all MCP handling.
 */
final class McpTrafficFilter implements Filter {

    private final TestMcpServer.Mode mode;

    private final McpJsonMapper json;

    private final TrafficRecorder recorder;

    private final SessionLedger sessions;

    /** The ledger's epoch of the server this filter serves: sessions it opens count only while it runs. */
    private final int epoch;

    private final ServerKnobs knobs;

    private final SseStreams sseStreams;

    private final Cancellations cancellations;

    McpTrafficFilter(TestMcpServer.Mode mode, McpJsonMapper json, TrafficRecorder recorder, SessionLedger sessions,
            ServerKnobs knobs, Cancellations cancellations) {
        this.cancellations = cancellations;
        this.mode = mode;
        this.json = json;
        this.recorder = recorder;
        this.sessions = sessions;
        this.epoch = sessions.epoch();
        this.knobs = knobs;
        this.sseStreams = new SseStreams(json, sessions, epoch);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        switch (request.getMethod()) {
            case "POST" -> post(request, response, chain);
            case "GET" -> get(request, response, chain);
            case "DELETE" -> delete(request, response, chain);
            default -> chain.doFilter(request, response);
        }
    }

    @Override
    public void destroy() {
        sseStreams.shutdown();
    }

    private void post(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        byte[] body = BufferedBodyRequest.readBody(request);
        String sessionId = sessionId(request);
        Map<String, String> headers = HeaderContext.headersOf(request);
        String text = BufferedBodyRequest.text(request, body);
        List<InboundMessage> messages = InboundMessage.parse(json, text);
        messages.forEach(m -> recorder.record(m, sessionId, headers));
        cancellations.observe(json, text, sessionId);
        if (messages.stream().anyMatch(m -> m.isRequest() && m.is("tools/call"))) {
            Duration retryAfter = knobs.takeThrottle();
            if (retryAfter != null) {
                response.setStatus(429);
                response.setHeader("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
                return;
            }
        }
        ToolsListRewrite rewrite = toolsList(messages);
        if (rewrite != null && mode == TestMcpServer.Mode.SSE) {
            sseStreams.expect(sessionId, rewrite); // the answer travels in the session's SSE stream
            rewrite = null;
        }
        // Only an initialize opens a session. The SDK also names the session on answers to later requests, and
        // one of those may still be on its way out when a DELETE has closed the session.
        boolean initialize = sessionId == null && messages.stream().anyMatch(m -> m.isRequest() && m.is("initialize"));
        Consumer<String> opened = initialize ? this::sessionOpened : id -> { };
        HttpServletResponse watched = response;
        InboundMessage call = mode != TestMcpServer.Mode.HTTP_2026_07_28 ? null
                : messages.stream().filter(m -> m.isRequest() && m.is("tools/call")).findFirst().orElse(null);
        if (call != null) { // 2026-07-28 over HTTP: a client cancels by closing the request's stream
            watched = new ClosedStreamWatch(response, () -> cancellations.streamClosed(call.id()));
        }
        TrackingResponse tracking = new TrackingResponse(watched, opened, rewrite != null);
        chain.doFilter(new BufferedBodyRequest(request, body), tracking);
        if (rewrite != null) {
            sendRewritten(response, tracking, rewrite);
        }
        noteSessionNotFound(response, sessionId);
        if (sessionId != null && mode == TestMcpServer.Mode.STREAMABLE_HTTP && response.getStatus() / 100 == 2
                && messages.stream().anyMatch(m -> m.is("notifications/initialized"))) {
            sessions.handshakeDone(epoch, sessionId);
        }
    }

    /** Applies the tools/list latency and failure knobs; returns the rewrite its response needs, if any. */
    private ToolsListRewrite toolsList(List<InboundMessage> messages) {
        InboundMessage list = messages.stream().filter(m -> m.isRequest() && m.is("tools/list")).findFirst()
                .orElse(null);
        if (list == null) {
            return null;
        }
        Sleep.of(knobs.toolsListLatency());
        boolean fail = knobs.takeToolsListFailure();
        // The 2026-07-28 server pages by itself (SdkServers); only the session-era ones are paged here.
        int pageSize = mode == TestMcpServer.Mode.HTTP_2026_07_28 ? 0 : knobs.pageSize();
        return ToolsListRewrite.needed(fail, pageSize)
                ? new ToolsListRewrite(list.id(), list.cursor(), fail, pageSize)
                : null;
    }

    /**
     * Sends the body the SDK wrote, rewritten. The SDK has finished writing when its servlet returns (it blocks
     * until the response is sent), and the container completes the response only after this filter returns.
     */
    private void sendRewritten(HttpServletResponse response, TrackingResponse tracking, ToolsListRewrite rewrite)
            throws IOException {
        String body = tracking.captured();
        if (body.isEmpty()) {
            return;
        }
        String contentType = response.getContentType();
        String out = contentType != null && contentType.startsWith("text/event-stream")
                ? SseText.rewriteData(body, data -> rewrite.apply(json, data))
                : rewrite.apply(json, body);
        PrintWriter writer = response.getWriter();
        writer.write(out);
        writer.flush();
    }

    private void get(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (mode == TestMcpServer.Mode.SSE) {
            sseStreams.serve(request, response, chain);
            return;
        }
        chain.doFilter(request, response);
        noteSessionNotFound(response, sessionId(request));
    }

    private void delete(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String sessionId = sessionId(request);
        chain.doFilter(request, response);
        if (sessionId != null && (response.getStatus() / 100 == 2 || response.getStatus() == 404)) {
            sessions.closed(epoch, sessionId);
        }
    }

    private void sessionOpened(String sessionId) {
        if (mode == TestMcpServer.Mode.STREAMABLE_HTTP) {
            sessions.opened(epoch, sessionId);
        }
    }

    /** The SDK also forgets sessions on its own (e.g. when a send fails); its 404 tells us it did. */
    private void noteSessionNotFound(HttpServletResponse response, String sessionId) {
        if (sessionId != null && response.getStatus() == 404 && mode == TestMcpServer.Mode.STREAMABLE_HTTP) {
            sessions.closed(epoch, sessionId);
        }
    }

    private String sessionId(HttpServletRequest request) {
        return switch (mode) {
            case STREAMABLE_HTTP -> request.getHeader(TrackingResponse.SESSION_HEADER);
            case SSE -> SseSessionRewrites.sessionIdOf("?" + request.getQueryString());
            case STATELESS_HTTP, HTTP_2026_07_28 -> null;
        };
    }
}
