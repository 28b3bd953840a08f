package io.mcpool.testkit;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the stdio test servers ({@link StdioTestServer} {@code --requests-file PATH}, and the dual-era server's stdio
 * mode, {@link DualEraServer#stdioCommand}) saw, one JSON object a line, appended by every server process that shares
 * the file: {@code {"pid":P,"started":true}} as a process starts, a request
 * {@code {"pid":P,"method":M,"tool":T,"meta":{...}}} (as it came over stdin, {@code params._meta} included), or a tool
 * run {@code {"pid":P,"running":T,"concurrent":N}} where {@code N} is how many tool calls that
 * process was running at that moment, this one included. A stdio request has no HTTP headers, so the recorded
 * requests have none.
 *
 * <pre>{@code
 * List<String> command = StdioTestServer.command("--revision", "2026-07-28", "--requests-file", file.toString());
 * ...
 * long echoes = RequestsFile.requests(file).stream().filter(r -> "echo".equals(r.toolName())).count();
 * }</pre>
 */
public final class RequestsFile {

    private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();
    private static final TypeRef<LinkedHashMap<String, Object>> MAP = new TypeRef<>() {
    };

    private RequestsFile() {
    }

    /**
     * @param file the file the servers append to (absent: nothing seen yet)
     * @return every request recorded so far, in order; the session id is always {@code null} and the headers empty
     */
    public static List<RecordedRequest> requests(Path file) {
        List<RecordedRequest> requests = new ArrayList<>();
        for (Map<String, Object> line : lines(file)) {
            if (line.get("method") instanceof String method) {
                Map<String, Object> meta = new LinkedHashMap<>();
                if (line.get("meta") instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> meta.put(String.valueOf(k), v));
                }
                requests.add(new RecordedRequest(method, (String) line.get("tool"), null, Map.of(), meta));
            }
        }
        return requests;
    }

    /** @return the most tool calls any one process was running at once (0 when none ran) */
    public static int mostConcurrentRunsPerProcess(Path file) {
        int most = 0;
        for (Map<String, Object> line : lines(file)) {
            if (line.get("concurrent") instanceof Number n) {
                most = Math.max(most, n.intValue());
            }
        }
        return most;
    }

    /** @return how many distinct processes ran a tool call */
    public static long processesThatRanTools(Path file) {
        return lines(file).stream().filter(l -> l.containsKey("running")).map(l -> l.get("pid")).distinct().count();
    }

    /** @return the process id of every server process that wrote to the file, in the order they first did */
    public static List<Long> processes(Path file) {
        return lines(file).stream().map(l -> ((Number) l.get("pid")).longValue()).distinct().toList();
    }

    /** The line a server process writes as it starts. */
    static String startedLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("pid", ProcessHandle.current().pid());
        line.put("started", true);
        return write(line);
    }

    /** The line of one request, as the Java stdio server writes it. */
    static String requestLine(InboundMessage message) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("pid", ProcessHandle.current().pid());
        line.put("method", message.method());
        line.put("tool", message.toolName());
        line.put("meta", message.meta());
        return write(line);
    }

    /** The line of one tool run starting, as the Java stdio server writes it. */
    static String runLine(String tool, int concurrent) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("pid", ProcessHandle.current().pid());
        line.put("running", tool);
        line.put("concurrent", concurrent);
        return write(line);
    }

    private static String write(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Map<String, Object>> all = new ArrayList<>();
        try {
            for (String text : Files.readAllLines(file)) {
                if (!text.isBlank()) {
                    all.add(JSON.readValue(text, MAP));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the requests file " + file, e);
        }
        return all;
    }
}
