package io.mcpool.config;

import io.mcpool.internal.Redactor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Converts configuration text to a {@link BuilderProperty}'s type. Every refusal says what is
 * accepted; callers add the key and a redacted value.
 */
final class ValueConverter {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

    private ValueConverter() {
    }

    /** A value that cannot be converted; the message says what is accepted. */
    static final class ConversionException extends Exception {
        private static final long serialVersionUID = 1L;

        ConversionException(String message) {
            super(message);
        }
    }

    /**
     * @param property the target property (scalar or list; maps are converted entry by entry)
     * @param text     the configured text
     * @return the value to pass to the builder method
     * @throws ConversionException when the text does not fit the type
     */
    static Object convert(BuilderProperty property, String text) throws ConversionException {
        return convert(property.kind(), property.type(), text);
    }

    /**
     * Builds a record-valued property (e.g. {@code autoScaler}) from its {@code <key>.<component>}
     * entries; components not configured keep the defaults of the record's {@code builder()}.
     *
     * @param type    the record type
     * @param entries component name in kebab case to configured text
     * @return the record
     * @throws ConversionException naming the component when a value does not fit, or an unknown component
     */
    static Object record(Class<?> type, Map<String, String> entries) throws ConversionException {
        try {
            Object builder = type.getMethod("builder").invoke(null);
            Object defaults = builder.getClass().getMethod("build").invoke(builder);
            RecordComponent[] components = type.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            Map<String, String> remaining = new java.util.TreeMap<>(entries);
            List<String> known = new java.util.ArrayList<>();
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                values[i] = c.getAccessor().invoke(defaults);
                String name = BuilderProperty.kebab(c.getName());
                known.add(name);
                String text = remaining.remove(name);
                if (text != null) {
                    BuilderProperty.Kind kind = BuilderProperty.kindOf(c.getGenericType());
                    try {
                        values[i] = convert(kind, c.getType(), text);
                    } catch (ConversionException e) {
                        throw new ConversionException(name + "=" + (Redactor.isSensitiveName(name) ? Redactor.MASK
                                : text) + ": " + e.getMessage());
                    }
                }
            }
            if (!remaining.isEmpty()) {
                throw new ConversionException("unknown " + remaining.keySet() + "; known: " + known);
            }
            return type.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new ConversionException("cannot be built: " + Redactor.describe(e.getCause() != null ? e.getCause() : e));
        }
    }

    private static Object convert(BuilderProperty.Kind kind, Class<?> type, String text) throws ConversionException {
        String t = text.trim();
        return switch (kind) {
            case STRING -> text;
            case INT -> {
                try {
                    yield Integer.valueOf(t);
                } catch (NumberFormatException e) {
                    throw new ConversionException("must be a whole number");
                }
            }
            case LONG -> {
                try {
                    yield Long.valueOf(t);
                } catch (NumberFormatException e) {
                    throw new ConversionException("must be a whole number");
                }
            }
            case DOUBLE -> {
                try {
                    yield Double.valueOf(t);
                } catch (NumberFormatException e) {
                    throw new ConversionException("must be a number");
                }
            }
            case BOOLEAN -> bool(t);
            case DURATION -> duration(t);
            case ENUM -> enumValue(type, t);
            case ENUM_SET -> enumValues(type.getComponentType(), text);
            case STRING_LIST -> list(text);
            case STRING_MAP, RECORD -> throw new IllegalArgumentException("maps and records are converted entry by entry");
        };
    }

    /**
     * Reads a boolean as MicroProfile Config users write one, but strictly: anything else is refused
     * (MicroProfile Config's own converter reads every unknown word as {@code false}).
     *
     * @param text {@code true/false}, {@code yes/no}, {@code on/off}, {@code 1/0}, any case
     * @return the value
     * @throws ConversionException for anything else
     */
    static boolean bool(String text) throws ConversionException {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConversionException(BOOLEAN_HINT);
        };
    }

    /** What a boolean property accepts. */
    static final String BOOLEAN_HINT = "must be true or false (also accepted: yes/no, on/off, 1/0, in any case)";

    /**
     * @param text ISO-8601 ({@code PT30S}, {@code P1D}), a whole number with a unit ({@code 500ms},
     *     {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}) or {@code 0}
     * @return the duration
     * @throws ConversionException for anything else
     */
    static Duration duration(String text) throws ConversionException {
        String t = text.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (!t.isEmpty() && (t.charAt(0) == 'P' || t.charAt(0) == 'p' || t.startsWith("-P") || t.startsWith("-p"))) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new ConversionException(durationHint());
            }
        }
        Matcher m = SHORT_DURATION.matcher(t);
        if (!m.matches()) {
            throw new ConversionException(durationHint());
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new ConversionException(durationHint());
        }
        try {
            return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (ArithmeticException e) {
            throw new ConversionException("is too long a duration");
        }
    }

    private static String durationHint() {
        return "must be a duration: ISO-8601 such as PT30S or PT5M, or a whole number with a unit "
                + "(500ms, 30s, 5m, 1h, 2d), or 0";
    }

    private static Object enumValue(Class<?> type, String text) throws ConversionException {
        String wanted = text.trim().replace('-', '_').replace(' ', '_');
        for (Object constant : type.getEnumConstants()) {
            // An enum whose toString() is its configuration form (e.g. Protocol's "2026-07-28") matches that too.
            if (((Enum<?>) constant).name().equalsIgnoreCase(wanted) || constant.toString().equalsIgnoreCase(text.trim())) {
                return constant;
            }
        }
        throw new ConversionException("must be one of " + Arrays.stream(type.getEnumConstants())
                .map(c -> c.toString().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", ")));
    }

    /** @return the comma-separated values of an enum, as an array of it (empty text: none) */
    private static Object enumValues(Class<?> type, String text) throws ConversionException {
        List<String> items = list(text);
        Object values = java.lang.reflect.Array.newInstance(type, items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                java.lang.reflect.Array.set(values, i, enumValue(type, items.get(i)));
            } catch (ConversionException e) {
                throw new ConversionException("has '" + items.get(i) + "', which " + e.getMessage()
                        + " (a comma-separated list of them)");
            }
        }
        return values;
    }

    /**
     * Splits a comma-separated list as MicroProfile Config does: {@code \,} is a literal comma, items
     * are trimmed, empty items dropped.
     */
    static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',') {
                add(items, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        add(items, current);
        return items;
    }

    private static void add(List<String> items, StringBuilder item) {
        String s = item.toString().trim();
        if (!s.isEmpty()) {
            items.add(s);
        }
    }
}
