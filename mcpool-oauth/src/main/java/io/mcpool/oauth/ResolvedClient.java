package io.mcpool.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.net.URI;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;

/**
 * The client as one authorization server knows it: its id there (pre-registered, a metadata document URL, or
 * dynamically registered) and how it authenticates. {@link #toString()} shows no secret or key.
 *
 * @param id     the client id at that server
 * @param secret the client secret, or {@code null}
 * @param method the token endpoint authentication method
 * @param key    the private key of {@code private_key_jwt}, or {@code null}
 * @param keyId  its {@code kid}, or {@code null}
 * @param how    how the id was obtained, for messages: {@code pre-registered}, {@code metadata document},
 *               {@code dynamic registration}
 */
record ResolvedClient(ClientID id, Secret secret, TokenEndpointAuth method, PrivateKey key, String keyId, String how) {

    /** @return the client authentication for a request to {@code tokenEndpoint}, or {@code null} for a public client */
    ClientAuthentication authentication(URI tokenEndpoint) {
        return switch (method) {
            case CLIENT_SECRET_BASIC -> new ClientSecretBasic(id, secret);
            case CLIENT_SECRET_POST -> new ClientSecretPost(id, secret);
            case PRIVATE_KEY_JWT -> privateKeyJwt(tokenEndpoint);
            case NONE -> null;
        };
    }

    private ClientAuthentication privateKeyJwt(URI tokenEndpoint) {
        JWSAlgorithm alg = key instanceof ECPrivateKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        try {
            return new PrivateKeyJWT(id, tokenEndpoint, alg, key, keyId, null);
        } catch (JOSEException e) {
            throw new OAuthException("could not sign the client assertion of client " + id + " with its "
                    + key.getAlgorithm() + " key (" + alg + ")");
        }
    }

    @Override
    public String toString() {
        return "ResolvedClient[id=" + id + ", method=" + method.value() + ", " + how + "]";
    }
}
