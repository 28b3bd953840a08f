package io.mcpool.testkit;

/**
 * One HTTP request that reached a {@link TestMcpServer} guarded by {@link BearerAuth}, with the token it carried
 * and the guard's verdict.
 *
 * @param method   the HTTP method
 * @param path     the request path
 * @param token    the bearer token it carried, or {@code null} when it carried none
 * @param clientId the {@code client_id} claim of a valid token, else {@code null}
 * @param status   {@code 0} when the guard let it through to the MCP server (or did not demand tokens), else the
 *                 status the guard answered with ({@code 401}, {@code 403})
 * @param toolName the tool of a {@code tools/call} in the body, else {@code null}
 */
public record SeenRequest(String method, String path, String token, String clientId, int status, String toolName) {

    /** @return whether the guard let this request through */
    public boolean passed() {
        return status == 0;
    }
}
