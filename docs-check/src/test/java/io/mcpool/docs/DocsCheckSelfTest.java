package io.mcpool.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker finds what it is for: a snippet that does not compile, a link or anchor that leads nowhere. */
class DocsCheckSelfTest {

    @TempDir
    Path dir;

    @Test
    void aSnippetCallingAMethodThatDoesNotExistIsReportedWithItsLine() throws IOException {
        String md = "# Title\n\ntext\n\n```java\npool.callTool(\"echo\", Map.of(\"message\", \"hi\"));\n```\n\n"
                + "```java\npool.borrowFaster();\n```\n";
        List<DocsCheck.Snippet> snippets = DocsCheck.snippets(dir.resolve("page.md"), md);
        assertEquals(2, snippets.size());
        List<String> errors = DocsCheck.compileErrors(snippets);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("page.md:9 "), errors.get(0));
        assertTrue(errors.get(0).contains("borrowFaster"), errors.get(0));
    }

    @Test
    void eachFormOfSnippetCompilesAndBreaksLikeCode() throws IOException {
        String ok = "```java\nclass Mine { int x = 1; }\n```\n"
                + "```java\n@Override\npublic String toString() {\n    return pool.name();\n}\n```\n"
                + "```java\nPoolConfig c = PoolConfig.builder().name(\"a\").endpoint(\"http://127.0.0.1:1/mcp\").build();\n...\n```\n";
        assertEquals(List.of(), DocsCheck.compileErrors(DocsCheck.snippets(dir.resolve("ok.md"), ok)));

        String broken = "```java\nclass Mine { int x = \"one\"; }\n```\n"
                + "```java\npublic String toString() {\n    return pool.nameOf();\n}\n```\n"
                + "```java\nPoolConfig c = PoolConfig.builder().nope().build();\n```\n";
        assertEquals(3, DocsCheck.compileErrors(DocsCheck.snippets(dir.resolve("broken.md"), broken)).size());
    }

    @Test
    void aSnippetMarkedNoCompileIsLeftOutAndOthersAreNot() throws IOException {
        String md = DocsCheck.NO_COMPILE + " (pseudo-code) -->\n```java\nthis is not Java\n```\n```java\nthis is not Java either\n```\n";
        List<DocsCheck.Snippet> snippets = DocsCheck.snippets(dir.resolve("p.md"), md);
        assertEquals(List.of(false, true), snippets.stream().map(DocsCheck.Snippet::compiled).toList());
        assertEquals(false, DocsCheck.compileErrors(snippets).isEmpty());
    }

    @Test
    void aLinkToAMissingFileOrHeadingIsReportedAndGoodOnesAreNot() throws IOException {
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## Known issues\n");
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("images/a.svg"), "<svg/>");
        String md = "# Here\n\n[ok](other.md) [ok](other.md#known-issues) ![ok](images/a.svg) [ok](#here)\n"
                + "[ok](https://example.org/nowhere) `[not a link](gone.md)`\n\n"
                + "[bad](gone.md)\n[bad](other.md#unknown-issues)\n[bad](#nowhere)\n\n```\n[in code](gone.md)\n```\n";
        List<String> broken = DocsCheck.brokenLinks(dir.resolve("page.md"), md);
        assertEquals(3, broken.size(), broken.toString());
        assertTrue(broken.get(0).startsWith("page.md:6: gone.md"), broken.get(0));
        assertTrue(broken.get(1).contains("#unknown-issues"), broken.get(1));
        assertTrue(broken.get(2).contains("#nowhere"), broken.get(2));
    }
}
