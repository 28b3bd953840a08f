package io.mcpool.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mcpool.PoolClosedException;
import org.junit.jupiter.api.Test;

/** What crosses the wire when the pool throws: a JDK exception with the message, never an mcpool class. */
class JmxErrorsTest {

    @Test
    void anMcpoolExceptionBecomesAJdkOneWithItsMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JmxErrors.run("evictIdleSessions",
                () -> {
                    throw new PoolClosedException("Pool 'x' is shut down; no new sessions can be borrowed");
                }));
        assertEquals(IllegalStateException.class, e.getClass());
        assertNull(e.getCause());
        assertEquals("evictIdleSessions failed: Pool 'x' is shut down; no new sessions can be borrowed", e.getMessage());
    }

    @Test
    void anExceptionWithoutMessageIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JmxErrors.call("debugSnapshot",
                () -> {
                    throw new NullPointerException();
                }));
        assertEquals("debugSnapshot failed: NullPointerException", e.getMessage());
    }
}
