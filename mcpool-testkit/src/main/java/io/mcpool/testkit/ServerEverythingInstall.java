package io.mcpool.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the npm install of {@code @modelcontextprotocol/server-everything}: the system property
 * {@value #DIR_PROPERTY}, else the environment variable {@value #DIR_ENV}, else a {@code node_modules} (or
 * {@code mcpool-testkit/node_modules}) in {@code user.dir} or one of its parents.
 */
final class ServerEverythingInstall {

    static final String DIR_PROPERTY = "mcpool.server-everything.dir";

    static final String DIR_ENV = "MCPOOL_SERVER_EVERYTHING_DIR";

    static final String WHAT_TO_INSTALL = "install Node.js 20 or newer (with npm) on the PATH, then run"
            + " `cd mcpool-testkit && npm ci` in the mcpool checkout (a plain `mvn verify` does that when"
            + " node_modules is missing)";

    private static final Path PACKAGE = Path.of("node_modules", "@modelcontextprotocol", "server-everything");

    private ServerEverythingInstall() {
    }

    /** The entry script, {@code dist/index.js}, of the install found. */
    static Path entryScript() {
        List<Path> tried = new ArrayList<>();
        for (Path candidate : candidates()) {
            Path script = candidate.resolve("dist").resolve("index.js");
            if (Files.isRegularFile(candidate.resolve("package.json")) && Files.isRegularFile(script)) {
                return script.toAbsolutePath();
            }
            tried.add(candidate);
        }
        throw new IllegalStateException("@modelcontextprotocol/server-everything is not installed (looked in "
                + tried + "): " + WHAT_TO_INSTALL + "; or point -D" + DIR_PROPERTY + " / " + DIR_ENV
                + " at an install");
    }

    private static List<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty(DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
        }
        String env = System.getenv(DIR_ENV);
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve(PACKAGE));
            candidates.add(dir.resolve("mcpool-testkit").resolve(PACKAGE));
        }
        return candidates;
    }
}
