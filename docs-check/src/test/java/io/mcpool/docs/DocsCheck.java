package io.mcpool.docs;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Checks Markdown documentation: Java snippets compile, relative links and anchors resolve.
 *
 * <p>The snippet convention. Every {@code ```java} block is compiled against this module's test class
 * path (every library module and the APIs the docs show), with {@link #IMPORTS} imported:
 * <ul>
 *   <li>a block with a {@code package}, {@code import} or top-level type declaration is a source file
 *       (its own imports kept; {@code public} dropped from top-level types so any name fits);</li>
 *   <li>a block that starts with an annotation or a method declaration is a class body;</li>
 *   <li>anything else is the body of a method that may throw anything.</li>
 * </ul>
 * Class bodies and method bodies see the fields of {@link #CONTEXT}: {@code pool}, {@code config},
 * {@code manager}, {@code server} and the like, which the docs' fragments take as given. A line that
 * is only {@code ...} stands for code left out and is dropped.
 *
 * <p>A page adds to this with HTML comments, which Markdown does not show, for all its snippets:
 * {@code <!-- docs-check: imports dev.langchain4j.service.*, ... -->} (imports) and
 * {@code <!-- docs-check: context String endpoint; ChatModel chatModel; -->} (fields, methods or types the
 * fragments take as given: the reader's own). A block that cannot compile at all (pseudo-code) is
 * preceded by the line {@code <!-- docs-check: no-compile (why) -->}; keep those few.
 */
final class DocsCheck {

    /** Imported into every snippet. */
    static final List<String> IMPORTS = List.of(
            "io.mcpool.*", "io.mcpool.spi.*", "io.mcpool.manager.*", "io.mcpool.event.*", "io.mcpool.metrics.*",
            "io.mcpool.jmx.*", "io.mcpool.cdi.*", "io.mcpool.oauth.*", "io.mcpool.langchain4j.*", "io.mcpool.testkit.*",
            "io.modelcontextprotocol.spec.McpSchema", "io.modelcontextprotocol.spec.McpSchema.CallToolResult",
            "java.time.Duration", "java.time.temporal.ChronoUnit", "java.util.List", "java.util.Map",
            "java.util.Optional", "java.util.Set", "java.util.Collection", "java.util.concurrent.*", "java.net.URI",
            "java.nio.file.Path", "static org.junit.jupiter.api.Assertions.*");

    /** What fragments may use without declaring it. */
    static final String CONTEXT = """
                McpPool pool;
                PoolConfig config;
                McpPoolManager manager;
                TestMcpServer server;
                BorrowOptions options;
            """;

    static final String NO_COMPILE = "<!-- docs-check: no-compile";

    private static final Pattern DIRECTIVE = Pattern.compile("<!-- docs-check: (imports|context)\\s+(.*?)-->", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("^\\s*[\\w<>, ]+\\s+(\\w+);\\s*$");

    private static final Pattern FENCE = Pattern.compile("^\\s*```");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern UNIT = Pattern.compile("(?m)^(package |import |(public |final |abstract |sealed )*(class|interface|record|enum|@interface) )");
    private static final Pattern MEMBER = Pattern.compile("^(@|(public |protected |private |static |final |abstract |default |synchronized )*[\\w<>\\[\\], ?]+\\s+\\w+\\s*\\([^;]*\\)\\s*(throws [\\w., ]+)?\\s*\\{)");

    /** A Java snippet: where it is and its text. */
    record Snippet(Path file, int line, String code, boolean compiled, List<String> imports, String context) {
        String where() {
            return file.getFileName() + ":" + line;
        }
    }

    private DocsCheck() {
    }

    /** @return the {@code ```java} blocks of a Markdown text, with the line each starts on */
    static List<Snippet> snippets(Path file, String markdown) {
        List<Snippet> out = new ArrayList<>();
        List<String> imports = new ArrayList<>();
        StringBuilder context = new StringBuilder();
        Matcher d = DIRECTIVE.matcher(markdown);
        while (d.find()) {
            if (d.group(1).equals("imports")) {
                for (String i : d.group(2).split(",")) {
                    imports.add(i.strip());
                }
            } else {
                context.append(d.group(2).strip()).append('\n');
            }
        }
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!FENCE.matcher(lines[i]).find()) {
                continue;
            }
            boolean java = lines[i].trim().equals("```java");
            boolean skip = i > 0 && lines[i - 1].trim().startsWith(NO_COMPILE);
            int start = i;
            StringBuilder code = new StringBuilder();
            for (i++; i < lines.length && !FENCE.matcher(lines[i]).find(); i++) {
                code.append(lines[i]).append('\n');
            }
            if (java) {
                out.add(new Snippet(file, start + 1, code.toString(), !skip, List.copyOf(imports), context.toString()));
            }
        }
        return out;
    }

    /** @return the compilation unit a snippet becomes, by the convention above */
    static String wrap(Snippet s, String className) {
        String code = s.code().lines().filter(l -> !l.trim().equals("...")).reduce("", (a, l) -> a + l + "\n");
        StringBuilder unit = new StringBuilder();
        IMPORTS.forEach(i -> unit.append("import ").append(i).append(";\n"));
        s.imports().forEach(i -> unit.append("import ").append(i).append(";\n"));
        if (UNIT.matcher(code).find()) {
            StringBuilder body = new StringBuilder();
            for (String l : code.split("\n", -1)) {
                if (l.startsWith("package ")) {
                    continue;
                }
                if (l.startsWith("import ")) {
                    unit.append(l).append('\n');
                } else {
                    body.append(l.replaceFirst("^public ((final |abstract |sealed )*(class|interface|record|enum|@interface) )", "$1")).append('\n');
                }
            }
            return unit.append("// ").append(s.where()).append('\n').append(body)
                    .append("abstract class ").append(className).append(" {\n").append(s.context()).append("}\n").toString();
        }
        unit.append("abstract class ").append(className).append(" { // ").append(s.where()).append('\n').append(s.context());
        String first = code.strip();
        if (MEMBER.matcher(first).find()) {
            // A class body may declare a field the context has (e.g. an injected pool): its own wins.
            for (String line : CONTEXT.split("\n")) {
                Matcher f = FIELD.matcher(line);
                if (f.matches() && !Pattern.compile("\\b" + f.group(1) + "\\s*[;=]").matcher(code).find()) {
                    unit.append(line).append('\n');
                }
            }
            unit.append(code);
        } else {
            unit.append(CONTEXT).append("void snippet() throws Exception {\n").append(code).append("}\n");
        }
        return unit.append("}\n").toString();
    }

    /**
     * Compiles each snippet on its own.
     *
     * @return one line per error: where in the docs, and javac's message
     */
    static List<String> compileErrors(List<Snippet> snippets) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> errors = new ArrayList<>();
        Path out = Files.createTempDirectory("docs-check");
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, null)) {
            int n = 0;
            for (Snippet s : snippets) {
                if (!s.compiled()) {
                    continue;
                }
                String name = "Snippet" + n++;
                String source = wrap(s, name);
                JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                };
                DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
                        "-proc:none", "-Xlint:none", "--release", "17");
                boolean ok = javac.getTask(new StringWriter(), files, diagnostics, options, null, List.of(file)).call();
                if (!ok) {
                    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                        if (d.getKind() == Diagnostic.Kind.ERROR) {
                            errors.add(s.where() + " (snippet starting there): " + d.getMessage(Locale.ROOT).lines().findFirst().orElse("")
                                    + " [wrapped line " + d.getLineNumber() + ": "
                                    + source.lines().skip(Math.max(0, d.getLineNumber() - 1)).findFirst().orElse("").strip() + "]");
                        }
                    }
                }
            }
        }
        return errors;
    }

    /**
     * @param file a Markdown file
     * @param markdown its text
     * @return one line per relative link whose file or {@code #anchor} does not exist
     */
    static List<String> brokenLinks(Path file, String markdown) throws IOException {
        List<String> broken = new ArrayList<>();
        String text = withoutCode(markdown, true);
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            String target = m.group(1);
            if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                continue; // https:, mailto: ...: not checked here (no network)
            }
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
            int line = text.substring(0, m.start()).split("\n", -1).length;
            if (!path.isEmpty() && !Files.exists(resolved)) {
                broken.add(file.getFileName() + ":" + line + ": " + target + " (no file " + resolved + ")");
            } else if (anchor != null && resolved.toString().endsWith(".md")
                    && !anchors(path.isEmpty() ? markdown : Files.readString(resolved)).contains(anchor)) {
                broken.add(file.getFileName() + ":" + line + ": " + target + " (no heading with anchor #" + anchor + ")");
            }
        }
        return broken;
    }

    /** @return the anchors GitHub gives the headings of a Markdown text */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        for (String line : withoutCode(markdown, false).split("\n")) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = h.group(1).strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                String unique = slug;
                for (int i = 1; !anchors.add(unique); i++) {
                    unique = slug + "-" + i;
                }
            }
        }
        return anchors;
    }

    /** Fenced blocks blanked out (line count kept): a link or heading inside code is not one. */
    private static String withoutCode(String markdown, boolean inline) {
        StringBuilder out = new StringBuilder();
        boolean inCode = false;
        for (String line : markdown.split("\n", -1)) {
            if (FENCE.matcher(line).find()) {
                inCode = !inCode;
                out.append('\n');
                continue;
            }
            out.append(inCode ? "" : inline ? line.replaceAll("`[^`]*`", "``") : line).append('\n');
        }
        return out.toString();
    }
}
