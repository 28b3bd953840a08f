package io.mcpool.cdi;

import io.mcpool.config.PoolConfigReader;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the keys table of docs/jakarta.md in step with PoolConfig.Builder: when the core adds a
 * property, this fails until the table has a row for its key.
 */
class JakartaDocTest {

    private static final Path DOC = Path.of("..", "docs", "jakarta.md");

    @Test
    void theKeysTableListsExactlyTheConfigurableProperties() throws IOException {
        String doc = Files.readString(DOC);
        String table = doc.substring(doc.indexOf("<!-- keys:start"), doc.indexOf("<!-- keys:end -->"));
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `mcpool\\.<pool>\\.([a-z0-9.-]+)(\\.<[A-Za-z]+>)?` \\|").matcher(table);
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> expected = new TreeSet<>(new PoolConfigReader(new MicroProfileLookup(TestConfigs.of(java.util.Map.of()))).knownKeys());
        assertEquals(expected, documented, "rows of the keys table in " + DOC.normalize()
                + " (one per PoolConfig.Builder property MicroProfile Config can set, plus lazy-start and health.readiness)");
    }
}
