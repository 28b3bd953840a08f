package io.mcpool.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TraceLevel;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The benchmark CLI's entry point: calls one MCP tool through mcpool, with a new client per call, with
 * one shared client and with one dedicated warm client per thread, at each thread count, against
 * in-process servers or the user's own ({@code --endpoint}, {@code --stdio}); prints a table, and
 * writes {@code results.json} and {@code results.svg}. {@code jmh} runs the JMH benchmarks instead,
 * {@code generate-completion} prints a shell completion script. The options are declared in
 * {@link BenchCommand} and parsed by picocli; mistakes are reported here, header values never shown.
 */
public final class BenchCli {

    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param out the results
     * @param err progress and errors
     */
    public BenchCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the CLI and exits with its status.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // the chart is drawn off screen
        }
        // In-process servers and the SDK leave non-daemon threads behind: end the JVM explicitly.
        System.exit(new BenchCli(System.out, System.err).run(args));
    }

    /**
     * @param args see {@code --help}
     * @return 0 when done, 1 when a measurement failed, 2 for a command-line mistake
     */
    public int run(String... args) {
        // picocli's info and debug traces print the raw arguments, header values among them.
        if (CommandLine.tracer().isInfo()) {
            CommandLine.tracer().setLevel(TraceLevel.WARN);
        }
        return commandLine().execute(args);
    }

    /** @return the command line, printing to this CLI's streams */
    CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BenchCommand(options -> new Benchmark(out, err).run(options)));
        // "@file" would read arguments from a file: not an option here, and a header value may start with "@".
        cl.setExpandAtFiles(false);
        // The last of a repeated option wins, as in the earlier hand-written parser.
        cl.setOverwrittenOptionsAllowed(true);
        cl.setOut(writer(out));
        cl.setErr(writer(err));
        cl.setParameterExceptionHandler((e, args) -> {
            String message = explain(e, args);
            err.println("mcpool-bench: " + message + (message.endsWith("?") ? " See --help." : "; see --help"));
            err.flush();
            return cl.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            String[] args = parsed.originalArgs().toArray(String[]::new);
            err.println("mcpool-bench: " + CliOptions.mask(Benchmark.describe(e), secretsIn(args)));
            err.flush();
            return cl.getCommandSpec().exitCodeOnExecutionException();
        });
        // Everything after "jmh" is JMH's, its options too ("jmh -t 8", "jmh -h").
        CommandLine jmh = cl.getSubcommands().get("jmh");
        jmh.setUnmatchedOptionsArePositionalParams(true);
        jmh.setStopAtPositional(true);
        return cl;
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new java.io.OutputStreamWriter(stream, Charset.defaultCharset()), true);
    }

    /**
     * @param e    what picocli found wrong
     * @param args the command line
     * @return what is wrong, naming the option, with no header value or endpoint credential in it
     */
    static String explain(ParameterException e, String[] args) {
        String message;
        if (e instanceof UnmatchedArgumentException unmatched) {
            message = unmatched(unmatched, args);
        } else if (e.getArgSpec() instanceof OptionSpec option && (option.type() == boolean.class
                || option.type() == Boolean.class)) {
            // A flag given a value ("--quiet=yes"): picocli would quote the value.
            message = option.longestName() + " takes no value";
        } else if (e.getArgSpec() instanceof OptionSpec option && e.getCause() instanceof TypeConversionException tce) {
            message = option.longestName() + " " + tce.getMessage();
        } else if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().get(0) instanceof OptionSpec option) {
            message = option.longestName() + " needs a value";
        } else {
            message = e.getMessage();
        }
        return CliOptions.mask(message, secretsIn(args));
    }

    /** Names unknown options by their name only, and other stray words by position: one may be a secret. */
    private static String unmatched(UnmatchedArgumentException e, String[] args) {
        List<String> words = e.getUnmatched();
        if (words.isEmpty()) {
            return "unexpected arguments (not shown)";
        }
        String first = words.get(0);
        if (first.startsWith("-")) {
            int eq = first.indexOf('=');
            String name = Converters.safe(eq > 0 ? first.substring(0, eq) : first);
            List<String> suggestions = new ArrayList<>(e.getSuggestions());
            suggestions.removeIf(s -> !s.startsWith("-"));
            return "unknown option '" + name + "'" + (suggestions.isEmpty() ? ""
                    : "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                            + "?");
        }
        int position = Arrays.asList(args).indexOf(first) + 1;
        return String.format(Locale.ROOT, "unexpected argument%s (not shown): options start with --",
                position > 0 ? " #" + position : "");
    }

    /**
     * @param args a command line, possibly with mistakes
     * @return the header values and endpoint credentials in it, found without parsing it
     */
    static List<String> secretsIn(String[] args) {
        List<String> headerValues = new ArrayList<>();
        String endpoint = null;
        for (int i = 0; i < args.length; i++) {
            String value = null;
            if (args[i].equals("--header") && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith("--header=")) {
                value = args[i].substring("--header=".length());
            }
            if (value != null) {
                int eq = value.indexOf('=');
                headerValues.add(eq > 0 ? value.substring(eq + 1) : value);
            }
            if (args[i].equals("--endpoint") && i + 1 < args.length) {
                endpoint = args[i + 1];
            } else if (args[i].startsWith("--endpoint=")) {
                endpoint = args[i].substring("--endpoint=".length());
            }
        }
        return CliOptions.secrets(headerValues, endpoint);
    }
}
