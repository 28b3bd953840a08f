package io.mcpool.impl.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an SSE response stream of a streamable-HTTP {@code POST} alongside the SDK, byte by byte, for what resuming it
 * needs: the last event id, the server's {@code retry:} delay, whether a JSON-RPC response (a message with
 * {@code result} or {@code error} and no {@code method}) has arrived, and whether the stream stopped between events.
 *
 * <p>It keeps no copy of the stream: the JSON of each event is followed only as far as its top-level member names.
 * Nothing is allocated for an event unless it has an {@code id:} line. Not thread-safe: one stream's bytes arrive
 * one chunk at a time.
 */
final class SseScanner {

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETRY = "retry".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] METHOD = "method".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULT = "result".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "error".getBytes(StandardCharsets.US_ASCII);
    private static final int NAME_MAX = 6;

    private enum Field { NAME, DATA, ID, RETRY, OTHER }

    // The line being read.
    private Field field = Field.NAME;
    private final byte[] name = new byte[NAME_MAX];
    private int nameLength;
    private boolean lineStart = true;
    private boolean valueStart;
    private boolean afterCr;
    private byte[] value;
    private int valueLength;
    private long retryValue;
    // The event being read.
    private boolean eventPending;
    private boolean eventHasData;
    private boolean eventHasMethod;
    private boolean eventHasAnswer;
    // The event's JSON, top level only.
    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean expectKey;
    private boolean inKey;
    private final byte[] key = new byte[NAME_MAX];
    private int keyLength;
    // What was learned.
    private String lastEventId;
    private long retryMillis = -1;
    private boolean responseSeen;
    private long events;
    private long dataEvents;

    /** Reads one chunk of the stream. */
    void scan(List<ByteBuffer> chunk) {
        for (ByteBuffer buffer : chunk) {
            for (int i = buffer.position(), end = buffer.limit(); i < end; i++) {
                next(buffer.get(i));
            }
        }
    }

    private void next(byte b) {
        if (b == '\n' || b == '\r') {
            if (b == '\n' && afterCr) {
                afterCr = false;
                return;
            }
            afterCr = b == '\r';
            endLine();
            return;
        }
        afterCr = false;
        lineStart = false;
        switch (field) {
            case NAME -> name(b);
            case DATA -> {
                if (valueStart && b == ' ') {
                    valueStart = false;
                    return;
                }
                valueStart = false;
                json(b);
            }
            case ID, RETRY -> {
                if (valueStart && b == ' ') {
                    valueStart = false;
                    return;
                }
                valueStart = false;
                keep(b);
            }
            case OTHER -> { }
        }
    }

    private void name(byte b) {
        if (b != ':') {
            if (nameLength < NAME_MAX) {
                name[nameLength] = b;
            }
            nameLength++;
            return;
        }
        valueStart = true;
        eventPending |= nameLength > 0; // an empty name is a comment, not part of an event
        if (matches(name, nameLength, DATA)) {
            field = Field.DATA;
            eventHasData = true;
        } else if (matches(name, nameLength, ID)) {
            field = Field.ID;
            valueLength = 0;
        } else if (matches(name, nameLength, RETRY)) {
            field = Field.RETRY;
            valueLength = 0;
        } else {
            field = Field.OTHER; // event:, a comment (empty name), anything else
        }
    }

    private void keep(byte b) {
        if (value == null) {
            value = new byte[64];
        } else if (valueLength == value.length) {
            value = Arrays.copyOf(value, value.length * 2);
        }
        value[valueLength++] = b;
    }

    private void endLine() {
        if (lineStart) {
            endEvent();
            return;
        }
        if (field == Field.ID) {
            String id = new String(value == null ? new byte[0] : value, 0, valueLength, StandardCharsets.UTF_8);
            if (id.indexOf('\0') < 0) {
                lastEventId = id.isEmpty() ? null : id;
            }
        } else if (field == Field.RETRY) {
            retryValue = 0;
            boolean digits = valueLength > 0 && valueLength < 12;
            for (int i = 0; digits && i < valueLength; i++) {
                digits = value[i] >= '0' && value[i] <= '9';
                retryValue = retryValue * 10 + (value[i] - '0');
            }
            if (digits) {
                retryMillis = retryValue;
            }
        } else if (field == Field.NAME && matches(name, nameLength, DATA)) {
            eventPending = true; // "data" alone: an empty data line
            eventHasData = true;
        }
        field = Field.NAME;
        nameLength = 0;
        lineStart = true;
    }

    private void endEvent() {
        if (eventPending) {
            events++;
            dataEvents += eventHasData ? 1 : 0;
            if (eventHasAnswer && !eventHasMethod) {
                responseSeen = true;
            }
        }
        forgetEvent();
    }

    private void forgetEvent() {
        eventPending = false;
        eventHasData = false;
        eventHasMethod = false;
        eventHasAnswer = false;
        depth = 0;
        inString = false;
        escaped = false;
        inKey = false;
    }

    /** Follows the JSON of the event's data as far as the names of its top-level members. */
    private void json(byte b) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inString = false;
                if (inKey) {
                    inKey = false;
                    eventHasMethod |= matches(key, keyLength, METHOD);
                    eventHasAnswer |= matches(key, keyLength, RESULT) || matches(key, keyLength, ERROR);
                }
            } else if (inKey) {
                if (keyLength < NAME_MAX) {
                    key[keyLength] = b;
                }
                keyLength++;
            }
            return;
        }
        switch (b) {
            case '"' -> {
                inString = true;
                inKey = depth == 1 && expectKey;
                keyLength = 0;
            }
            case '{', '[' -> {
                depth++;
                expectKey = depth == 1 && b == '{';
            }
            case '}', ']' -> depth--;
            case ',' -> expectKey = depth == 1;
            case ':' -> {
                if (depth == 1) {
                    expectKey = false;
                }
            }
            default -> { }
        }
    }

    private static boolean matches(byte[] seen, int length, byte[] word) {
        if (length != word.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (seen[i] != word[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return the id of the last event that had one, or null */
    String lastEventId() {
        return lastEventId;
    }

    /** @return the server's {@code retry:} delay in milliseconds, or -1 when it sent none */
    long retryMillis() {
        return retryMillis;
    }

    /** @return true once a JSON-RPC response has arrived (the answer a {@code POST} stream is for) */
    boolean responseSeen() {
        return responseSeen;
    }

    /** @return the events read so far (to tell a resumed stream that brought something from one that did not) */
    long events() {
        return events;
    }

    /** @return the events with a {@code data} field read so far: those the SDK's parser passes on */
    long dataEvents() {
        return dataEvents;
    }

    /** @return true when the stream stopped between two events (nothing of a next event read yet) */
    boolean betweenEvents() {
        return lineStart && !eventPending;
    }

    /** Forgets a half-read event: what follows is a new stream (a resumed one) that starts with a new event. */
    void startOver() {
        field = Field.NAME;
        nameLength = 0;
        lineStart = true;
        afterCr = false;
        forgetEvent();
    }
}
