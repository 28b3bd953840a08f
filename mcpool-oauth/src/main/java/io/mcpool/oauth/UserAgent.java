package io.mcpool.oauth;

import java.net.URI;

/**
 * The user-agent step of the authorization code flow, performed by the application: send the user (a browser) to
 * the authorization request URL, and hand back the URL the authorization server redirected the browser to.
 *
 * <p>Called on the thread that needs the token, at most once at a time per identity; the call may block (e.g.
 * while a local callback server waits for the redirect). mcpool checks the {@code state} and exchanges the code
 * with the PKCE verifier itself.
 */
@FunctionalInterface
public interface UserAgent {

    /**
     * @param authorizationRequest the URL to open: the authorization endpoint with {@code response_type=code},
     *                             {@code client_id}, {@code redirect_uri}, {@code state}, {@code code_challenge}
     *                             (S256), {@code resource} and {@code scope}
     * @param redirectUri          where the authorization server will send the browser back
     * @return the full redirect URL the browser was sent to (with {@code code} and {@code state}, or
     *         {@code error})
     * @throws Exception when the user could not be asked; the token request fails with it as cause
     */
    URI authorize(URI authorizationRequest, URI redirectUri) throws Exception;
}
