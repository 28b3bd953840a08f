package io.mcpool;

/** What a borrow does when its tenant is at {@code maxConcurrentPerTenant}. */
public enum TenantLimitMode {
    /** Fail at once with {@link TenantLimitException}. */
    FAIL_FAST,
    /** Wait for one of the tenant's leases to come back, within the borrow timeout. */
    WAIT
}
