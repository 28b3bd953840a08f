package io.mcpool.spi;

import io.mcpool.SessionKey;
import java.util.Map;

/**
 * Supplies the credentials of a session when it is created. Called once per session creation with
 * the key the session is created for, so each tenant's sessions carry that tenant's credentials and
 * are only lent to that tenant.
 *
 * <p>The returned headers (typically {@code Authorization}) are sent on every HTTP request of that
 * session. Their values are never logged or shown.
 */
@FunctionalInterface
public interface AuthProvider {

    /**
     * @param key the partition the new session is for
     * @return headers to send on every request of the new session; may be empty, never null
     * @throws Exception when credentials cannot be obtained; the session creation fails with it as cause
     */
    Map<String, String> headers(SessionKey key) throws Exception;
}
