package io.mcpool.testkit;

import java.util.List;
import java.util.Objects;

/**
 * One request a {@link TestAuthorizationServer} received at its token endpoint, as it came over the wire
 * (recorded before the server answered, so failed requests are here too).
 *
 * @param grantType       {@code client_credentials}, {@code refresh_token}, {@code authorization_code}, ...
 * @param clientId        the client the request authenticated as or named, or {@code null} when it named none
 * @param clientAuth      how the client authenticated: {@code client_secret_basic}, {@code client_secret_post},
 *                        {@code private_key_jwt}, or {@code none} (a public client)
 * @param clientAssertion the signed JWT of {@code private_key_jwt}, else {@code null}
 * @param resources       the RFC 8707 {@code resource} parameters, in order
 * @param scope           the {@code scope} parameter, or {@code null}
 */
public record TokenRequestRecord(String grantType, String clientId, String clientAuth, String clientAssertion,
        List<String> resources, String scope) {

    /**
     * Freezes the resources.
     *
     * @param grantType       the grant type
     * @param clientId        the client, or {@code null}
     * @param clientAuth      the client authentication method
     * @param clientAssertion the assertion of {@code private_key_jwt}, or {@code null}
     * @param resources       the resource parameters
     * @param scope           the scope parameter, or {@code null}
     */
    public TokenRequestRecord {
        resources = List.copyOf(Objects.requireNonNull(resources, "resources"));
    }
}
