package io.mcpool.impl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the core's shape: a thin facade, small parts that do not know it, Commons Pool behind one
 * adapter, no state passed through thread-locals. Read from the sources, so a change that breaks a
 * rule fails here with the file that broke it.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/mcpool/impl");
    private static final Pattern THREAD_LOCAL_FIELD = Pattern.compile("\\bThreadLocal\\s*<");

    private static Map<Path, List<String>> sources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toMap(p -> p, p -> {
                try {
                    return Files.readAllLines(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("run from mcpool-impl (Maven does): " + MAIN.toAbsolutePath(), e);
        }
    }

    @Test
    void theFacadeIsThinAndNoPartIsLarge() {
        sources().forEach((file, lines) -> {
            int limit = file.endsWith("DefaultMcpPool.java") ? 300 : 450;
            assertTrue(lines.size() < limit, () -> file + " has " + lines.size() + " lines; the limit is " + limit);
        });
    }

    @Test
    void onlyTheAdapterTalksToCommonsPool() {
        sources().forEach((file, lines) -> {
            if (!file.getParent().endsWith("commons")) {
                assertTrue(lines.stream().noneMatch(l -> l.startsWith("import org.apache.commons.pool2")),
                        () -> file + " imports Commons Pool; only io.mcpool.impl.commons may");
            }
        });
    }

    @Test
    void noPartKnowsTheFacade() {
        sources().forEach((file, lines) -> {
            if (file.endsWith("DefaultMcpPool.java") || file.endsWith("McpPoolProviderImpl.java")
                    || file.toString().contains("/manager/")) {
                return; // the facade itself; the provider and the manager create pools
            }
            assertTrue(lines.stream().noneMatch(l -> l.matches(".*\\bDefaultMcpPool\\b.*") && !l.trim().startsWith("*")
                    && !l.trim().startsWith("/")), () -> file + " refers to DefaultMcpPool: pass it the part it needs");
        });
    }

    @Test
    void noStateTravelsInThreadLocals() {
        sources().forEach((file, lines) -> assertTrue(lines.stream().noneMatch(l -> THREAD_LOCAL_FIELD.matcher(l).find()),
                () -> file + " declares a ThreadLocal: pass what a callback needs explicitly"));
    }
}
