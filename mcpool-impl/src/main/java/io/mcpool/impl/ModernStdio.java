package io.mcpool.impl;

import io.mcpool.PoolConfig;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import io.modelcontextprotocol.modern.client.transport.StdioMcpClientTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server process of a stdio endpoint spoken to in the stateless revision 2026-07-28: the pool starts the process
 * itself (command, arguments and environment as for the session-based stdio transport) and hands its stdin and
 * stdout to the SDK's {@code io.modelcontextprotocol.modern} {@link StdioMcpClientTransport}. The SDK's transport can
 * spawn the process too, but then hides it; owning it, the pool reads the server's stderr into its log (DEBUG,
 * redacted), notices a killed server at once ({@link Process#onExit()}), and kills a server that does not leave
 * when its stdin closes, and takes the server's log messages from its output ({@link StdioLogTap}), which the SDK's
 * transport would drop. One pooled session has one process: a server that serves one request at a time needs N
 * processes for N concurrent callers.
 */
final class ModernStdio {

    private static final Logger LOG = LoggerFactory.getLogger(ModernStdio.class);

    /** How long a server may take to leave after its stdin closed, and again after SIGTERM. */
    private static final long GRACE_MILLIS = 2_000;

    private final Process process;
    private final StdioMcpClientTransport transport;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ModernStdio(Process process, StdioMcpClientTransport transport) {
        this.process = process;
        this.transport = transport;
    }

    /**
     * Starts a server process and the SDK transport on its streams.
     *
     * @param logs told the {@code params} of each log message the server writes
     * @throws IOException when the command cannot be started
     */
    static ModernStdio start(PoolConfig config, Consumer<Map<String, Object>> logs) throws IOException {
        ServerParameters params = ServerParameters.builder(config.command()).args(config.args()).env(config.env())
                .build();
        List<String> command = new ArrayList<>();
        command.add(params.getCommand());
        command.addAll(params.getArgs());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(params.getEnv());
        Process process = builder.start();
        drainStderr(config, process);
        try {
            return new ModernStdio(process, StdioMcpClientTransport.builder(
                    new StdioLogTap(process.getInputStream(), logs), process.getOutputStream()).start());
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The server's stderr is its log: to ours instead of the console, at DEBUG and redacted (servers print keys). */
    private static void drainStderr(PoolConfig config, Process process) {
        Logger serverLog = LoggerFactory.getLogger("io.mcpool.server." + config.name());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (serverLog.isDebugEnabled()) {
                        serverLog.debug("{}", config.redact(line));
                    }
                }
            } catch (IOException e) {
                LOG.trace("stderr of server process {} closed", process.pid(), e);
            }
        }, "mcpool-" + config.name() + "-stderr-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    Process process() {
        return process;
    }

    McpClientTransport transport() {
        return transport;
    }

    /** @return true once the pool closed it (an exit afterwards is not a crash) */
    boolean isClosed() {
        return closed.get();
    }

    /**
     * Ends the process and the transport's threads: stdin closed first (a server's cue to leave), then SIGTERM, then
     * SIGKILL, so no child is left running. Restores the thread's interrupt flag.
     */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            transport.close();
        } catch (RuntimeException e) {
            LOG.debug("Closing the transport of server process {} failed", process.pid(), e);
        }
        try {
            if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
