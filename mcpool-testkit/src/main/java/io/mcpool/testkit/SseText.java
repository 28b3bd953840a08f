package io.mcpool.testkit;

import java.util.function.UnaryOperator;

/** Rewrites the {@code data:} lines of Server-Sent Events text, keeping every other line as it is. */
final class SseText {

    private SseText() {
    }

    /**
     * @param events one or more complete SSE events, as written by the SDK (one {@code data:} line per event)
     * @param data   maps a data value to its replacement
     */
    static String rewriteData(String events, UnaryOperator<String> data) {
        StringBuilder out = new StringBuilder(events.length() + 64);
        int start = 0;
        while (start < events.length()) {
            int newline = events.indexOf('\n', start);
            int end = newline < 0 ? events.length() : newline;
            String line = events.substring(start, end);
            if (line.startsWith("data:")) {
                String value = line.substring(5);
                value = value.startsWith(" ") ? value.substring(1) : value;
                line = "data: " + data.apply(value);
            }
            out.append(line);
            if (newline >= 0) {
                out.append('\n');
            }
            start = end + 1;
        }
        return out.toString();
    }

    /** The value of the first {@code data:} line of one event, or {@code null}. */
    static String firstData(String event) {
        for (String line : event.split("\n", -1)) {
            if (line.startsWith("data:")) {
                String value = line.substring(5);
                return value.startsWith(" ") ? value.substring(1) : value;
            }
        }
        return null;
    }

    /** Whether one event has the given {@code event:} type. */
    static boolean hasType(String event, String type) {
        for (String line : event.split("\n", -1)) {
            if (line.startsWith("event:") && line.substring(6).trim().equals(type)) {
                return true;
            }
        }
        return false;
    }
}
