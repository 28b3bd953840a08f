package io.mcpool.jmx;

/** What {@link LoadedPoolApp} reports about its MCP server and its load, so a remote test can check the limits. */
public interface LoadProbeMXBean {

    /** @return MCP sessions open on the server now */
    int getServerLiveSessions();

    /** @return most MCP sessions open on the server at once since the last reset */
    int getServerMaxLiveSessions();

    /** @return tool calls the load has completed */
    long getCalls();

    /** @return tool calls of the load that failed */
    long getFailures();

    /** Restarts {@link #getServerMaxLiveSessions()} from now. */
    void resetServerMaxLiveSessions();
}
