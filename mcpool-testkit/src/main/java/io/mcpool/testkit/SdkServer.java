package io.mcpool.testkit;

import jakarta.servlet.http.HttpServlet;
import java.util.function.Consumer;

/**
 * One run of an SDK MCP server behind a servlet: the servlet to mount and the operations a
 * {@link TestMcpServer} needs on the server while it runs.
 *
 * @param servlet                the SDK transport servlet
 * @param addTool                registers a tool (and lets the SDK tell connected sessions, where it can)
 * @param notifyToolsListChanged sends {@code notifications/tools/list_changed} to connected sessions
 * @param close                  closes the SDK server
 * @param notifyListChanged      tells the listeners that the prompts or the resources listing changed (the argument
 *                               is {@code prompts} or {@code resources}); refuses on servers that cannot
 */
record SdkServer(HttpServlet servlet, Consumer<TestTool> addTool, Runnable notifyToolsListChanged, Runnable close,
        Consumer<String> notifyListChanged) {

    SdkServer(HttpServlet servlet, Consumer<TestTool> addTool, Runnable notifyToolsListChanged, Runnable close) {
        this(servlet, addTool, notifyToolsListChanged, close, listing -> {
            throw new UnsupportedOperationException("Only the HTTP_2026_07_28 test server tells of " + listing
                    + " listing changes");
        });
    }
}
