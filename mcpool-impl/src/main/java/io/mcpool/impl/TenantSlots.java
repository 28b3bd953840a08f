package io.mcpool.impl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The per-tenant cap on leases held at once ({@code maxConcurrentPerTenant}), across all of a
 * tenant's keys. A slot is taken before a borrow starts and given back on every path: lease
 * closed, borrow timed out, creation failed, interrupted. A tenant's entry exists only while it
 * holds or waits for a slot, so the map does not grow with the number of tenants ever seen.
 */
final class TenantSlots {

    /** One tenant's slots in use and waiters; removed from the map when both are zero. */
    private static final class Slot {
        int inUse;
        int waiting;
        boolean removed;
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    /**
     * @param tenant        the tenant
     * @param max           its cap
     * @param deadlineNanos wait until then ({@link System#nanoTime()} clock) when {@code wait}
     * @param wait          false to fail at once
     * @return true when a slot was taken; the caller must {@link #release} it
     * @throws InterruptedException when interrupted while waiting (nothing taken)
     */
    boolean acquire(String tenant, int max, long deadlineNanos, boolean wait) throws InterruptedException {
        while (true) {
            Slot slot = slots.computeIfAbsent(tenant, t -> new Slot());
            synchronized (slot) {
                if (slot.removed) {
                    continue; // raced with the last release: take the fresh entry
                }
                while (slot.inUse >= max) {
                    long remaining = deadlineNanos - System.nanoTime();
                    if (!wait || remaining <= 0) {
                        dropIfUnused(tenant, slot);
                        return false;
                    }
                    slot.waiting++;
                    try {
                        TimeUnit.NANOSECONDS.timedWait(slot, remaining);
                    } catch (InterruptedException e) {
                        dropIfUnused(tenant, slot);
                        throw e;
                    } finally {
                        slot.waiting--;
                    }
                }
                slot.inUse++;
                return true;
            }
        }
    }

    void release(String tenant) {
        Slot slot = slots.get(tenant);
        if (slot == null) {
            throw new IllegalStateException("tenant slot of '" + tenant + "' released twice");
        }
        synchronized (slot) {
            slot.inUse--;
            slot.notify();
            dropIfUnused(tenant, slot);
        }
    }

    /** @return slots in use for {@code tenant} */
    int inUse(String tenant) {
        Slot slot = slots.get(tenant);
        if (slot == null) {
            return 0;
        }
        synchronized (slot) {
            return slot.inUse;
        }
    }

    private void dropIfUnused(String tenant, Slot slot) {
        if (slot.inUse == 0 && slot.waiting == 0) {
            slot.removed = true;
            slots.remove(tenant, slot);
        }
    }
}
