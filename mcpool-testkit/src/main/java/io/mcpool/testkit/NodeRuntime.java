package io.mcpool.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Finds a {@code node} binary of version 20 or newer: system property {@value #NODE_PROPERTY}, else the PATH. */
final class NodeRuntime {

    static final String NODE_PROPERTY = "mcpool.node";

    static final int MIN_MAJOR = 20;

    private static volatile String checked;

    private NodeRuntime() {
    }

    /** The path of a checked {@code node}; the version check runs once per JVM. */
    static String node() {
        String node = checked;
        if (node == null) {
            node = locate();
            requireVersion(node);
            checked = node;
        }
        return node;
    }

    private static String locate() {
        String configured = System.getProperty(NODE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                for (String name : new String[] {"node", "node.exe"}) {
                    Path candidate = Path.of(dir, name);
                    if (Files.isExecutable(candidate)) {
                        return candidate.toString();
                    }
                }
            }
        }
        throw new IllegalStateException("Node.js is not on the PATH, but server-everything needs it: "
                + ServerEverythingInstall.WHAT_TO_INSTALL + " (or set -D" + NODE_PROPERTY + "=/path/to/node)");
    }

    private static void requireVersion(String node) {
        String version;
        try {
            Process process = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + node + ": " + ServerEverythingInstall.WHAT_TO_INSTALL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted checking the Node.js version", e);
        }
        if (major(version) < MIN_MAJOR) {
            throw new IllegalStateException(node + " is Node.js '" + version + "', server-everything needs "
                    + MIN_MAJOR + " or newer: " + ServerEverythingInstall.WHAT_TO_INSTALL);
        }
    }

    static int major(String version) {
        String digits = version.startsWith("v") ? version.substring(1) : version;
        int dot = digits.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? digits : digits.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
