package io.mcpool.impl;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named after their pool (or, for threads every pool shares, after their work), so a thread dump says
 * whose they are.
 */
final class NamedThreadFactory implements ThreadFactory {
    private final String prefix;
    private final ClassLoader contextLoader;
    private final AtomicInteger count = new AtomicInteger();

    /** @param prefix the threads' names before {@code -N}; they inherit their creator's context class loader */
    NamedThreadFactory(String prefix) {
        this(prefix, null);
    }

    /**
     * @param prefix        the threads' names before {@code -N}
     * @param contextLoader every thread's context class loader; null to inherit the creator's
     */
    NamedThreadFactory(String prefix, ClassLoader contextLoader) {
        this.prefix = prefix;
        this.contextLoader = contextLoader;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new PoolThread(r, prefix + "-" + count.incrementAndGet());
        t.setDaemon(true);
        if (contextLoader != null) {
            t.setContextClassLoader(contextLoader);
        }
        return t;
    }

    private static final class PoolThread extends Thread {
        PoolThread(Runnable task, String name) {
            super(task, name);
        }
    }
}
