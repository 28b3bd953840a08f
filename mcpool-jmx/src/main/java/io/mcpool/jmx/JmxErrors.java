package io.mcpool.jmx;

import java.util.function.Supplier;

/**
 * Turns what the pool throws into exceptions any JMX client can show. A remote client (JConsole)
 * deserializes the exception; one of mcpool's own classes, or a cause chain holding one, would fail
 * there with a {@code ClassNotFoundException} instead of the message. So only the message crosses,
 * in a JDK exception without cause. The pool's messages are already free of secrets.
 */
final class JmxErrors {

    private JmxErrors() {
    }

    static void run(String action, Runnable work) {
        call(action, () -> {
            work.run();
            return null;
        });
    }

    static <T> T call(String action, Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(action + " refused: " + message(e));
        } catch (RuntimeException e) {
            throw new IllegalStateException(action + " failed: " + message(e));
        }
    }

    /**
     * The message, credential-shaped parts masked, or for an exception without one its simple class
     * name (a name, not a class to load).
     */
    private static String message(RuntimeException e) {
        return e.getMessage() != null ? io.mcpool.internal.Redactor.redactText(e.getMessage()) : e.getClass().getSimpleName();
    }
}
