package io.mcpool.oauth;

/**
 * Authorization failed: discovery, registration or a token request did not work, or an authorization server or
 * protected resource answered something the MCP authorization specification does not allow. The message says what
 * happened and where; it never holds a secret (client secret, token, key, authorization code).
 */
public class OAuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened, without secrets */
    public OAuthException(String message) {
        super(message);
    }

    /**
     * @param message what happened, without secrets
     * @param cause   the underlying failure (its message must not hold secrets either)
     */
    public OAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
