package io.mcpool;

import java.util.Objects;

/**
 * The partition a session belongs to: the tenant it was created for (with that tenant's
 * credentials) and an optional affinity key. A session is only ever lent to borrowers of the
 * same key, so tenants never share a session.
 *
 * <p>{@link #SHARED} (no tenant, no affinity) is the shared partition that {@code minSessions}
 * keeps warm.
 *
 * @param tenant      the tenant, or {@code null} for none
 * @param affinityKey the affinity key, or {@code null} for none
 */
public record SessionKey(String tenant, String affinityKey) {

    /** Blank values count as absent, so every spelling of "no tenant" is the same key. */
    public SessionKey {
        tenant = blankToNull(tenant);
        affinityKey = blankToNull(affinityKey);
    }

    /** The shared partition: no tenant, no affinity key. */
    public static final SessionKey SHARED = new SessionKey(null, null);

    /**
     * Returns the key for a tenant and an affinity key; blank values count as absent.
     *
     * @param tenant      the tenant, or {@code null}
     * @param affinityKey the affinity key, or {@code null}
     * @return the key, {@link #SHARED} when both are absent
     */
    public static SessionKey of(String tenant, String affinityKey) {
        SessionKey key = new SessionKey(tenant, affinityKey);
        return key.isShared() ? SHARED : key;
    }

    /** @return true for the shared partition */
    public boolean isShared() {
        return tenant == null && affinityKey == null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        if (isShared()) {
            return "shared";
        }
        return "tenant=" + Objects.requireNonNullElse(tenant, "-")
                + ",affinity=" + Objects.requireNonNullElse(affinityKey, "-");
    }
}
