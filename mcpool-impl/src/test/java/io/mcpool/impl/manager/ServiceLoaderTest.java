package io.mcpool.impl.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.mcpool.manager.McpPoolManager;
import org.junit.jupiter.api.Test;

/** {@code McpPoolManager.create} through the registered {@code McpPoolProvider}. */
class ServiceLoaderTest {

    @Test
    void createFindsTheManagerOfMcpPoolImpl() {
        try (McpPoolManager m = McpPoolManager.create("via-spi")) {
            assertInstanceOf(DefaultMcpPoolManager.class, m);
            assertEquals("via-spi", m.name());
        }
    }
}
