package io.mcpool.impl;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads named after their pool, so a thread dump says whose they are. */
final class NamedThreadFactory implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    NamedThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new PoolThread(r, prefix + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    private static final class PoolThread extends Thread {
        PoolThread(Runnable task, String name) {
            super(task, name);
        }
    }
}
