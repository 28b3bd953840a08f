package io.mcpool.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The CLI's value types, as picocli converters. A message completes a sentence that starts with the
 * option's name ({@link BenchCli} puts it in front) and never repeats a header value.
 */
final class Converters {

    /** An RFC 9110 token, the only legal header name (the rule PoolConfig applies). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Durations beyond this are a typo, not a benchmark. */
    static final Duration MAX_DURATION = Duration.ofHours(1);

    private Converters() {
    }

    /** One {@code --header NAME=VALUE}; the value is secret and stays out of {@link #toString()}. */
    record Header(String name, String value) {
        @Override
        public String toString() {
            return name + "=" + io.mcpool.internal.Redactor.MASK;
        }
    }

    /** {@code NAME=VALUE}, the value never echoed. */
    static final class HeaderConverter implements ITypeConverter<Header> {
        @Override
        public Header convert(String pair) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                // The argument may be a bare secret: never echo it.
                throw new TypeConversionException("expects NAME=VALUE (the value is not shown here)");
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1);
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new TypeConversionException("name '" + safe(name) + "' is not a valid HTTP header name");
            }
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new TypeConversionException(name + " has a value with a line break or control character");
            }
            return new Header(name, value);
        }
    }

    /** 500ms, 2s, 1.5s, 1m, 1h, a bare number of seconds, or ISO-8601 (PT2S); zero or more, at most an hour. */
    static class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Duration d;
            try {
                if (v.startsWith("pt")) {
                    d = Duration.parse(v.toUpperCase(Locale.ROOT));
                } else if (v.endsWith("ms")) {
                    d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
                } else if (v.endsWith("s")) {
                    d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
                } else if (v.endsWith("m")) {
                    d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 60_000));
                } else if (v.endsWith("h")) {
                    d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 3_600_000));
                } else {
                    d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new TypeConversionException("takes a duration such as 500ms, 2s or 1m; got '" + safe(value) + "'");
            }
            if (d.isNegative()) {
                throw new TypeConversionException("must be zero or more; got '" + safe(value) + "'");
            }
            if (d.compareTo(MAX_DURATION) > 0) {
                throw new TypeConversionException("is capped at 1h; got '" + safe(value) + "'");
            }
            return d;
        }
    }

    /** A duration that must be more than zero. */
    static final class PositiveDurationConverter extends DurationConverter {
        @Override
        public Duration convert(String value) {
            Duration d = super.convert(value);
            if (d.isZero()) {
                throw new TypeConversionException("must be more than zero; got '" + safe(value) + "'");
            }
            return d;
        }
    }

    /** One thread count of {@code --threads}; the upper bound depends on the kind of thread, checked later. */
    static final class ThreadCountConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n < 1) {
                    throw new TypeConversionException("takes whole numbers from 1, e.g. 1,8,32; got " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new TypeConversionException("takes whole numbers from 1, e.g. 1,8,32; got '" + safe(value) + "'");
            }
        }
    }

    /** mcpool, mcpool-2026, per-call, shared or dedicated. */
    static final class WayConverter implements ITypeConverter<Way> {
        @Override
        public Way convert(String value) {
            try {
                return Way.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("takes " + Way.ids() + "; got '" + safe(value) + "'");
            }
        }
    }

    /** http or stdio. */
    static final class TransportConverter implements ITypeConverter<Target.Kind> {
        @Override
        public Target.Kind convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "http" -> Target.Kind.HTTP;
                case "stdio" -> Target.Kind.STDIO;
                default -> throw new TypeConversionException("takes http, stdio or http,stdio; got '" + safe(value) + "'");
            };
        }
    }

    /** An http:// or https:// URL with a host. */
    static final class EndpointConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String url = value.trim();
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
                    throw new TypeConversionException("must be an http:// or https:// URL with a host, e.g. "
                            + "http://localhost:3001/mcp (for a local command use --stdio)");
                }
                return url;
            } catch (URISyntaxException e) {
                // The reason quotes the input, which may hold a credential: say only where it broke.
                throw new TypeConversionException("is not a valid URL (bad character at index " + e.getIndex()
                        + "); e.g. http://localhost:3001/mcp");
            }
        }
    }

    /**
     * The words of a command line (one value: picocli would take a {@code List} for a repeatable option).
     *
     * @param words the executable and its arguments
     */
    record CommandWords(List<String> words) {
    }

    /**
     * A JSON object (one value: picocli would take a {@code Map} for {@code key=value} pairs).
     *
     * @param value the object's members
     */
    record JsonObject(Map<String, Object> value) {
    }

    /** A command line split on whitespace; single or double quotes group words. */
    static final class CommandLineConverter implements ITypeConverter<CommandWords> {
        @Override
        public CommandWords convert(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            char quote = 0;
            for (char c : line.toCharArray()) {
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    inWord = true;
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (quote != 0) {
                throw new TypeConversionException("has an unclosed " + quote + " quote");
            }
            if (inWord) {
                words.add(word.toString());
            }
            if (words.isEmpty()) {
                throw new TypeConversionException("needs a command line, e.g. --stdio \"npx -y "
                        + "@modelcontextprotocol/server-everything\"");
            }
            return new CommandWords(List.copyOf(words));
        }
    }

    /** A JSON object, read with Jackson. */
    static final class JsonObjectConverter implements ITypeConverter<JsonObject> {
        @Override
        public JsonObject convert(String text) {
            Map<String, Object> parsed;
            try {
                parsed = ResultsJson.readObject(text);
            } catch (RuntimeException e) {
                throw new TypeConversionException("must be a JSON object, e.g. '{\"message\":\"hi\"}'; it did not parse");
            }
            if (parsed == null) {
                throw new TypeConversionException("must be a JSON object, e.g. '{\"message\":\"hi\"}'");
            }
            return new JsonObject(parsed);
        }
    }

    /** Text that is not blank, trimmed. */
    static final class NonBlankConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                throw new TypeConversionException("must not be blank");
            }
            return value.trim();
        }
    }

    /** Echoes user input in messages without control characters and at a sane length. */
    static String safe(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }
}
