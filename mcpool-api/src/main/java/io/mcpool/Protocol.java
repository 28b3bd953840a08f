package io.mcpool;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which MCP revision a pool speaks to its endpoint ({@code protocol} in {@link PoolConfig}, the configuration key
 * {@code mcpool.<pool>.protocol}).
 *
 * @see <a href="../../../../docs/protocol.md">docs/protocol.md</a>
 */
public enum Protocol {
    /**
     * Ask the server once ({@code server/discover}): a result means the stateless revision 2026-07-28; HTTP 400,
     * 404 or 405, "method not found" or "unsupported protocol version" mean a session-based server. The answer is
     * remembered for the endpoint and asked again after a server restart.
     */
    AUTO("auto"),
    /** The session-based revisions, up to 2025-11-25 ({@code initialize}, {@code Mcp-Session-Id}); never probes. */
    LEGACY("legacy"),
    /** The stateless revision 2026-07-28 (no {@code initialize}, no session); never probes. */
    STATELESS_2026_07_28("2026-07-28");

    private final String text;

    Protocol(String text) {
        this.text = text;
    }

    /** @return the configuration form: {@code auto}, {@code legacy} or {@code 2026-07-28} */
    @Override
    public String toString() {
        return text;
    }

    /**
     * @param text a configuration value (case and surrounding blanks ignored)
     * @return the protocol it names
     * @throws IllegalArgumentException naming the allowed values when it names none
     */
    public static Protocol of(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Protocol p : values()) {
            if (p.text.equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("protocol '" + text + "' must be one of " + allowed());
    }

    /** @return the allowed configuration values, e.g. for messages: {@code auto, legacy, 2026-07-28} */
    public static String allowed() {
        return Arrays.stream(values()).map(Protocol::toString).collect(Collectors.joining(", "));
    }
}
