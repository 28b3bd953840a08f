package io.mcpool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BorrowersTest {

    @Test
    void virtualThreadsOnJava21AndAClearNoBefore() throws Exception {
        if (Runtime.version().feature() < 21) {
            assertNotNull(Borrowers.virtualThreadsMissing());
            IllegalStateException e = assertThrows(IllegalStateException.class, Borrowers::virtual);
            assertTrue(e.getMessage().startsWith("virtual threads need Java 21 or later"), e.getMessage());
            return;
        }
        assertNull(Borrowers.virtualThreadsMissing());
        AtomicReference<Thread> ran = new AtomicReference<>();
        Borrowers.virtual().start("bench-call-0", () -> ran.set(Thread.currentThread())).join();
        assertEquals("bench-call-0", ran.get().getName());
        assertEquals(Boolean.TRUE, Thread.class.getMethod("isVirtual").invoke(ran.get()), "a virtual thread");
    }

    @Test
    void platformThreadsByDefault() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Borrowers.platform().start("bench-call-1", () -> ran.set(Thread.currentThread())).join();
        assertEquals("bench-call-1", ran.get().getName());
        if (Runtime.version().feature() >= 21) {
            assertEquals(Boolean.FALSE, Thread.class.getMethod("isVirtual").invoke(ran.get()));
        }
    }
}
