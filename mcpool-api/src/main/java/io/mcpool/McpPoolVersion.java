package io.mcpool;

/** The version of this library, as sent in the MCP {@code initialize} client info. */
public final class McpPoolVersion {
    /** The version from the jar manifest, or {@code dev} when run from classes. */
    public static final String VERSION = readVersion();

    private McpPoolVersion() {
    }

    private static String readVersion() {
        String v = McpPoolVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
