package io.mcpool.it;

import io.mcpool.testkit.TestMcpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the test MCP servers a test class's deployment talks to, and stops them after Arquillian
 * has undeployed it (so the pools drain against a live server). Register it before
 * {@code ArquillianExtension}: {@code @ExtendWith({McpServers.class, ArquillianExtension.class})}.
 */
public final class McpServers implements AfterAllCallback {

    private static final List<TestMcpServer> RUNNING = new CopyOnWriteArrayList<>();

    /** @return a started streamable-HTTP test server, stopped after the test class */
    public static TestMcpServer start() {
        return start(TestMcpServer.builder());
    }

    /**
     * @param builder the server to start
     * @return it, started; stopped after the test class
     */
    public static TestMcpServer start(TestMcpServer.Builder builder) {
        TestMcpServer server = builder.build().start();
        RUNNING.add(server);
        return server;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RUNNING.forEach(TestMcpServer::close);
        RUNNING.clear();
    }
}
