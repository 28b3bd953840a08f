package io.mcpool.bench.jmh;

import io.mcpool.bench.Target;
import io.mcpool.testkit.ServerEverything;
import java.time.Duration;
import java.util.Map;

/** The servers the JMH benchmarks run against, by the name given as the {@code target} parameter. */
public final class Targets {

    /** The testkit's streamable-HTTP server (MCP Java SDK on Jetty) in the benchmark JVM. */
    public static final String TESTKIT_HTTP = "testkit-http";
    /** The testkit's stdio server, a child JVM per session. */
    public static final String TESTKIT_STDIO = "testkit-stdio";
    /** The testkit's stdio server with {@code --serial} and a 10 ms tool: one call at a time per process. */
    public static final String TESTKIT_STDIO_SERIAL = "testkit-stdio-serial-10ms";
    /** server-everything (Node.js) over streamable HTTP. */
    public static final String EVERYTHING_HTTP = "everything-http";
    /** server-everything (Node.js) over stdio, a node process per session. */
    public static final String EVERYTHING_STDIO = "everything-stdio";

    private Targets() {
    }

    /**
     * @param name one of the constants of this class
     * @return the target, with its server started where it is a server of its own
     */
    public static Target open(String name) {
        Map<String, Object> hi = Map.of("message", "hi");
        return switch (name) {
            case TESTKIT_HTTP -> Target.inProcessHttp(Duration.ZERO);
            case TESTKIT_STDIO -> Target.inProcessStdio(false, Duration.ZERO);
            case TESTKIT_STDIO_SERIAL -> Target.inProcessStdio(true, Duration.ofMillis(10));
            case EVERYTHING_HTTP -> {
                ServerEverything server = ServerEverything.startStreamableHttp();
                yield Target.http(server.endpoint(), Map.of(), "echo", hi).owning(server);
            }
            case EVERYTHING_STDIO -> Target.stdio(ServerEverything.stdioCommand(), "echo", hi);
            default -> throw new IllegalArgumentException("unknown target '" + name + "'; use " + TESTKIT_HTTP + ", "
                    + TESTKIT_STDIO + ", " + TESTKIT_STDIO_SERIAL + ", " + EVERYTHING_HTTP + " or " + EVERYTHING_STDIO);
        };
    }
}
