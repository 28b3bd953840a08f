package io.mcpool.oauth;

import java.net.URI;

/**
 * Whose token: one per authorization server, resource and tenant. Tokens are never shared across identities, so a
 * token goes only to the resource it was issued for, and a tenant never sees another's.
 *
 * @param issuer   the authorization server's issuer
 * @param resource the resource identifier (canonical)
 * @param tenant   the tenant, {@code ""} for the default identity
 */
record TokenIdentity(String issuer, URI resource, String tenant) {
}
