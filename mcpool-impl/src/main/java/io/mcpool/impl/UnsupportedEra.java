package io.mcpool.impl;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a server that refused this pool's {@code initialize} because it speaks another MCP revision: the
 * JSON-RPC error -32022 "Unsupported protocol version", which a server of the stateless revision 2026-07-28
 * answers to the session-based handshake, with the versions it supports in its data. Such a failure is the
 * server's lasting answer, not a fault: it is described as such and not retried.
 */
final class UnsupportedEra {

    /** The JSON-RPC error code of "Unsupported protocol version". */
    static final int CODE = -32022;

    private static final Pattern CODE_IN_BODY = Pattern.compile("\"code\"\\s*:\\s*" + CODE + "\\b");

    private static final Pattern SUPPORTED_IN_BODY = Pattern.compile("\"supported\"\\s*:\\s*\\[([^\\]]*)]");

    /** A version as the server wrote it; anything else in its answer is not repeated in our messages. */
    private static final String VERSION_TEXT = "[0-9A-Za-z._-]{1,40}";

    private static final Pattern VERSION = Pattern.compile("\"(" + VERSION_TEXT + ")\"");

    /** The newest session-based revision, the one this pool's client asks for. */
    private static final String SESSION_ERA = ProtocolVersions.MCP_2025_11_25;

    /** The stateless revision (the SDK's {@code io.modelcontextprotocol.modern} package speaks it). */
    private static final String STATELESS_ERA = io.modelcontextprotocol.modern.McpSchema.LATEST_PROTOCOL_VERSION;

    private UnsupportedEra() {
    }

    /**
     * @param failure what a session creation threw
     * @return the server's supported versions when it refused the handshake for its protocol version (an empty
     *     list when it did not say which), else empty
     */
    static Optional<List<String>> supportedVersions(Throwable failure) {
        return Failures.causes(failure).map(UnsupportedEra::fromOne).flatMap(Optional::stream).findFirst();
    }

    /**
     * @param failure what a session creation threw
     * @return a sentence for the creation's error message when the server refused the handshake for its
     *     protocol version, else empty
     */
    static Optional<String> describe(Throwable failure) {
        return supportedVersions(failure).map(supported -> "the server does not speak the session-based MCP "
                + "revisions this pool is set to (protocol legacy: initialize, up to " + SESSION_ERA + "): it answered "
                + "\"Unsupported protocol version\" (" + CODE + ") and supports "
                + (supported.isEmpty() ? "other versions" : String.join(", ", supported))
                + (supported.contains(STATELESS_ERA) ? " (" + STATELESS_ERA + " is the stateless revision: set the "
                        + "pool's protocol to " + STATELESS_ERA + " or auto)" : "; point the pool at a server that supports "
                        + SESSION_ERA));
    }

    private static Optional<List<String>> fromOne(Throwable t) {
        if (t instanceof McpError error && error.getJsonRpcError() != null
                && Integer.valueOf(CODE).equals(error.getJsonRpcError().code())) {
            Object data = error.getJsonRpcError().data();
            return Optional.of(versionsIn(data instanceof Map<?, ?> map ? map.get("supported") : null));
        }
        // An HTTP transport reports the JSON-RPC error of a 400 answer as text: "... response body: {...}".
        String message = t.getMessage();
        if (message == null || !CODE_IN_BODY.matcher(message).find()) {
            return Optional.empty();
        }
        Matcher supported = SUPPORTED_IN_BODY.matcher(message);
        if (!supported.find()) {
            return Optional.of(List.of());
        }
        Matcher version = VERSION.matcher(supported.group(1));
        List<String> versions = new ArrayList<>();
        while (version.find()) {
            versions.add(version.group(1));
        }
        return Optional.of(List.copyOf(versions));
    }

    private static List<String> versionsIn(Object supported) {
        return supported instanceof List<?> list
                ? list.stream().filter(String.class::isInstance).map(String.class::cast)
                        .filter(v -> v.matches(VERSION_TEXT)).toList()
                : List.of();
    }
}
