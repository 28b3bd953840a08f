package io.mcpool.testkit;

/**
 * One cancellation that a {@link TestMcpServer} received: a client telling it to stop working on a request. On the
 * session-based revisions that is a {@code notifications/cancelled} (MCP 2025-11-25); on the 2026-07-28 server over
 * HTTP it is the client closing the request's response stream (reason {@link #STREAM_CLOSED}, no session).
 *
 * @param requestId the id of the request to cancel, as text
 * @param reason    the reason the client gave, or {@code null}
 * @param sessionId the MCP session it came on (see {@link RecordedRequest#sessionId()}), or {@code null}
 * @param toolName  the tool of the cancelled {@code tools/call} when the server saw that call come in on the
 *                  same session, else {@code null}
 * @param tag       the {@code tag} argument of a cancelled {@code until-cancelled} call, else {@code null}
 */
public record RecordedCancellation(String requestId, String reason, String sessionId, String toolName, String tag) {

    /** The reason recorded when a 2026-07-28 client closed the response stream of its request. */
    public static final String STREAM_CLOSED = "response stream closed by the client";
}
