package io.mcpool.testkit;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The command line of {@link StdioTestServer}.
 *
 * @param serial      {@code --serial}: tool calls take one global lock
 * @param toolLatency {@code --tool-latency-ms N}
 * @param extraTools  {@code --extra-tools N}
 * @param eventsFile  {@code --events-file PATH}, or {@code null}
 * @param cancellableTool {@code --cancellable-tool}: also offer the {@code until-cancelled} tool
 * @param clientFeatures {@code --client-features}: also offer the tools that ask the client ({@code elicit},
 *                    {@code sample}, {@code roots}, {@code progress}); on 2026-07-28 they ask through input rounds
 *                    ({@link ModernClientFeatureTools}, and the prompt {@code roots})
 * @param stateless   {@code --revision 2026-07-28}: serve the stateless revision (the SDK's
 *                    {@code io.modelcontextprotocol.modern} server); {@code --revision 2025-11-25} (the default): the
 *                    session-based one
 * @param requestsFile {@code --requests-file PATH}, or {@code null}: see {@link RequestsFile}
 */
record StdioOptions(boolean serial, Duration toolLatency, int extraTools, Path eventsFile, boolean cancellableTool,
        boolean clientFeatures, boolean stateless, Path requestsFile) {

    static final String USAGE = "usage: StdioTestServer [--serial] [--tool-latency-ms N] [--extra-tools N]"
            + " [--events-file PATH] [--cancellable-tool] [--client-features] [--revision 2025-11-25|2026-07-28]"
            + " [--requests-file PATH]";

    static StdioOptions parse(String... args) {
        boolean serial = false;
        Duration latency = Duration.ZERO;
        int extraTools = 0;
        Path eventsFile = null;
        boolean cancellableTool = false;
        boolean clientFeatures = false;
        boolean stateless = false;
        Path requestsFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--serial" -> serial = true;
                case "--client-features" -> clientFeatures = true;
                case "--tool-latency-ms" -> latency = Duration.ofMillis(number(args, ++i));
                case "--extra-tools" -> extraTools = (int) number(args, ++i);
                case "--events-file" -> eventsFile = Path.of(value(args, ++i));
                case "--cancellable-tool" -> cancellableTool = true;
                case "--requests-file" -> requestsFile = Path.of(value(args, ++i));
                case "--revision" -> stateless = switch (value(args, ++i)) {
                    case "2026-07-28" -> true;
                    case "2025-11-25" -> false;
                    default -> throw new IllegalArgumentException("'--revision' is 2025-11-25 or 2026-07-28, got '"
                            + args[i] + "'; " + USAGE);
                };
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; " + USAGE);
            }
        }
        return new StdioOptions(serial, latency, extraTools, eventsFile, cancellableTool, clientFeatures, stateless,
                requestsFile);
    }

    private static long number(String[] args, int i) {
        String value = value(args, i);
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + args[i - 1] + "' needs a number >= 0, got '" + value + "'; "
                    + USAGE);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("'" + args[i - 1] + "' needs a value; " + USAGE);
        }
        return args[i];
    }
}
