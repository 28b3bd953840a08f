package io.mcpool.impl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-tenant cap on leases held at once ({@code maxConcurrentPerTenant}), across all of a
 * tenant's keys. A slot is taken before a borrow starts and given back on every path: lease
 * closed, borrow timed out, creation failed, interrupted. A tenant's entry exists only while it
 * holds or waits for a slot, so the map does not grow with the number of tenants ever seen.
 *
 * <p>Waiters park on a {@link Condition}, not a monitor, so a virtual thread waiting for a slot
 * leaves its carrier; {@link #close()} wakes every one of them.
 */
final class TenantSlots {

    /** Thrown to a waiter when the pool closes. */
    static final class Closed extends Exception {
        private static final long serialVersionUID = 1L;

        Closed() {
            super("closed", null, false, false);
        }
    }

    /** One tenant's slots in use and waiters; removed from the map when both are zero. */
    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        final Condition freed = lock.newCondition();
        int inUse;
        int waiting;
        boolean removed;
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param tenant        the tenant
     * @param max           its cap
     * @param deadlineNanos wait until then ({@link System#nanoTime()} clock) when {@code wait}
     * @param wait          false to fail at once
     * @return true when a slot was taken; the caller must {@link #release} it
     * @throws InterruptedException when interrupted while waiting (nothing taken)
     * @throws Closed               when the pool closed before a slot came (nothing taken)
     */
    boolean acquire(String tenant, int max, long deadlineNanos, boolean wait) throws InterruptedException, Closed {
        while (true) {
            Slot slot = slots.computeIfAbsent(tenant, t -> new Slot());
            slot.lock.lock();
            try {
                if (slot.removed) {
                    continue; // raced with the last release: take the fresh entry
                }
                while (slot.inUse >= max) {
                    long remaining = deadlineNanos - System.nanoTime();
                    if (closed) {
                        dropIfUnused(tenant, slot);
                        throw new Closed();
                    }
                    if (!wait || remaining <= 0) {
                        dropIfUnused(tenant, slot);
                        return false;
                    }
                    slot.waiting++;
                    try {
                        slot.freed.awaitNanos(remaining);
                    } catch (InterruptedException e) {
                        dropIfUnused(tenant, slot);
                        throw e;
                    } finally {
                        slot.waiting--;
                    }
                }
                slot.inUse++;
                return true;
            } finally {
                slot.lock.unlock();
            }
        }
    }

    void release(String tenant) {
        Slot slot = slots.get(tenant);
        if (slot == null) {
            throw new IllegalStateException("tenant slot of '" + tenant + "' released twice");
        }
        slot.lock.lock();
        try {
            slot.inUse--;
            slot.freed.signal();
            dropIfUnused(tenant, slot);
        } finally {
            slot.lock.unlock();
        }
    }

    /** Wakes every waiter with {@link Closed}; slots still held are given back as usual. */
    void close() {
        closed = true;
        for (Slot slot : slots.values()) {
            slot.lock.lock();
            try {
                slot.freed.signalAll();
            } finally {
                slot.lock.unlock();
            }
        }
    }

    /** @return slots in use for {@code tenant} */
    int inUse(String tenant) {
        Slot slot = slots.get(tenant);
        if (slot == null) {
            return 0;
        }
        slot.lock.lock();
        try {
            return slot.inUse;
        } finally {
            slot.lock.unlock();
        }
    }

    private void dropIfUnused(String tenant, Slot slot) {
        if (slot.inUse == 0 && slot.waiting == 0) {
            slot.removed = true;
            slots.remove(tenant, slot);
        }
    }
}
