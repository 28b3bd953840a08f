package io.mcpool.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The project's Markdown: README.md, CHANGELOG.md, docs/ and the examples' READMEs. */
class DocsTest {

    private static final Path ROOT = Path.of(System.getProperty("mcpool.docs.root", "..")).toAbsolutePath().normalize();

    static List<Path> markdown() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("CHANGELOG.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        try (Stream<Path> examples = Files.walk(ROOT.resolve("examples"), 2)) {
            examples.filter(p -> p.getFileName().toString().equals("README.md")).sorted().forEach(files::add);
        }
        return files;
    }

    @Test
    void everyJavaSnippetCompiles() throws IOException {
        List<DocsCheck.Snippet> snippets = new ArrayList<>();
        for (Path md : markdown()) {
            snippets.addAll(DocsCheck.snippets(md, Files.readString(md)));
        }
        assertTrue(snippets.size() >= 30, "found only " + snippets.size() + " snippets under " + ROOT);
        long skipped = snippets.stream().filter(s -> !s.compiled()).count();
        assertTrue(skipped <= 4, "more than a few snippets are marked no-compile: " + skipped);
        List<String> errors = DocsCheck.compileErrors(snippets);
        assertEquals(List.of(), errors, String.join("\n", errors));
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path md : markdown()) {
            broken.addAll(DocsCheck.brokenLinks(md, Files.readString(md)));
        }
        assertEquals(List.of(), broken, String.join("\n", broken));
    }
}
