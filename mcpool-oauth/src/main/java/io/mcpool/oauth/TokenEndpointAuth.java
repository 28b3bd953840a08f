package io.mcpool.oauth;

/** How a client authenticates at the token endpoint. */
public enum TokenEndpointAuth {
    /** Client id and secret in HTTP Basic ({@code client_secret_basic}). */
    CLIENT_SECRET_BASIC("client_secret_basic"),
    /** Client id and secret as form parameters ({@code client_secret_post}). */
    CLIENT_SECRET_POST("client_secret_post"),
    /** A JWT signed with the client's private key (RFC 7523, {@code private_key_jwt}). */
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** A public client: only the client id ({@code none}); authorization code flow only. */
    NONE("none");

    private final String value;

    TokenEndpointAuth(String value) {
        this.value = value;
    }

    /** @return the registered name, e.g. {@code client_secret_basic} */
    public String value() {
        return value;
    }
}
