package io.mcpool.impl;

import static org.awaitility.Awaitility.await;

import io.mcpool.testkit.DualEraServer;
import io.mcpool.testkit.RequestsFile;
import io.mcpool.testkit.StdioTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stdio servers of {@link ProtocolErasTest}: a pool starts one process per session from a command; every process
 * appends what it received to one {@link RequestsFile}, which is also how the test finds the processes to kill (a
 * server "restart") and checks that none outlives the pool.
 */
final class StdioServers {

    private StdioServers() {
    }

    static ProtocolErasTest.Server start(ProtocolErasTest.Kind kind, Duration toolLatency) {
        Path file;
        try {
            file = Files.createTempFile("modern-stdio-requests-", ".jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--requests-file", file.toString()));
        if (!toolLatency.isZero()) {
            args.addAll(List.of("--tool-latency-ms", Long.toString(toolLatency.toMillis())));
        }
        List<String> command = switch (kind) {
            case STDIO_DUAL_ERA -> DualEraServer.stdioCommand(args.toArray(String[]::new));
            case STDIO_STATELESS -> {
                args.addAll(List.of("--revision", "2026-07-28"));
                yield StdioTestServer.command(args.toArray(String[]::new));
            }
            // Not --serial: each process runs calls side by side, so two calls sent to one process would show.
            case STDIO_SESSION_BASED -> StdioTestServer.command(args.toArray(String[]::new));
            default -> throw new IllegalArgumentException(kind + " is not a stdio server");
        };
        return new ProtocolErasTest.Server(b -> b.stdio(command), () -> RequestsFile.requests(file),
                () -> killAll(file), () -> noneLeft(file), file);
    }

    /** Kills every server process started so far, as a crash would, and waits until they are gone. */
    static void killAll(Path file) {
        for (long pid : RequestsFile.processes(file)) {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            process.ifPresent(ProcessHandle::destroyForcibly);
            process.ifPresent(p -> p.onExit().join());
        }
    }

    /** Fails unless every server process has ended (the pool is closed by now); then forgets the file. */
    static void noneLeft(Path file) {
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> RequestsFile.processes(file).stream()
                    .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
