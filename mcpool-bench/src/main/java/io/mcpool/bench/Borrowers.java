package io.mcpool.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * The threads that call: platform threads, or virtual threads on Java 21 and later. The project
 * builds for Java 17, so virtual threads are reached through {@code Thread.ofVirtual().factory()}
 * found at run time.
 */
final class Borrowers {

    private static final int VIRTUAL_THREADS_SINCE = 21;

    private final ThreadFactory factory;

    private Borrowers(ThreadFactory factory) {
        this.factory = factory;
    }

    /** @return platform threads, one per caller, as before virtual threads */
    static Borrowers platform() {
        return new Borrowers(Thread::new);
    }

    /**
     * @return virtual threads
     * @throws IllegalStateException on a Java older than 21 (see {@link #virtualThreadsMissing()})
     */
    static Borrowers virtual() {
        String missing = virtualThreadsMissing();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
            MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
            return new Borrowers((ThreadFactory) factory.invoke(ofVirtual.invoke()));
        } catch (Throwable e) {
            throw new IllegalStateException("virtual threads are not available on this Java ("
                    + Runtime.version() + "): " + e, e);
        }
    }

    /** @return why this JVM cannot run virtual threads, or null when it can */
    static String virtualThreadsMissing() {
        int feature = Runtime.version().feature();
        if (feature >= VIRTUAL_THREADS_SINCE) {
            return null;
        }
        return "virtual threads need Java " + VIRTUAL_THREADS_SINCE + " or later; this is Java " + Runtime.version()
                + ": run the jar with a JDK " + VIRTUAL_THREADS_SINCE + "+ java, or drop --virtual-threads";
    }

    /**
     * @param name the thread's name
     * @param task what it runs
     * @return the thread, started
     */
    Thread start(String name, Runnable task) {
        Thread t = factory.newThread(task);
        t.setName(name);
        t.start();
        return t;
    }
}
