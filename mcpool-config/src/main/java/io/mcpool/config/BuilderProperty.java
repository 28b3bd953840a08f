package io.mcpool.config;

import io.mcpool.PoolConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One {@link PoolConfig.Builder} property that MicroProfile Config can set: a public one-argument
 * builder method whose parameter is text, a number, a boolean, a duration, an enum, several values of an
 * enum (a comma-separated list), a list of text or a map of text. Found by reflection, so a property the core adds is configurable with no change
 * here; properties of other types (the SPIs) come from CDI beans instead.
 *
 * @param kebab  the configuration key suffix, e.g. {@code max-sessions}
 * @param method the builder method, e.g. {@code maxSessions(int)}
 * @param kind   how the text value is converted
 */
record BuilderProperty(String kebab, Method method, Kind kind) {

    /** What a property's value is converted to. */
    enum Kind {
        DURATION, ENUM, ENUM_SET, STRING_MAP, RECORD, STRING_LIST, BOOLEAN, INT, LONG, DOUBLE, STRING;

        /** @return true for properties set from {@code <key>.<name>} entries: maps, and records by component */
        boolean isMap() {
            return this == STRING_MAP || this == RECORD;
        }
    }

    /** Builder methods that are not configuration properties. */
    private static final List<String> NOT_PROPERTIES = List.of("name", "build");

    private static final Map<String, BuilderProperty> ALL = discover();

    /** @return every configurable property by kebab name, sorted */
    static Map<String, BuilderProperty> all() {
        return ALL;
    }

    /** @return the type of the property's value */
    Class<?> type() {
        return method.getParameterTypes()[0];
    }

    /** @return the builder property name, e.g. {@code maxSessions} */
    String builderName() {
        return method.getName();
    }

    /**
     * @param camel a builder property name such as {@code maxSessionLifetime}
     * @return its configuration form, {@code max-session-lifetime}
     */
    static String kebab(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('-');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * @param name a configuration key or key suffix
     * @return its environment-variable form as MicroProfile Config maps it: every character that is
     *     not a letter or digit becomes {@code _}, upper case
     */
    static String envForm(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** A record with a static {@code builder()} has defaults to fill the components not configured. */
    private static boolean hasBuilder(Class<?> c) {
        try {
            return Modifier.isStatic(c.getMethod("builder").getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Map<String, BuilderProperty> discover() {
        Map<String, BuilderProperty> found = new TreeMap<>();
        for (Method m : PoolConfig.Builder.class.getMethods()) {
            if (m.getDeclaringClass() != PoolConfig.Builder.class || Modifier.isStatic(m.getModifiers())
                    || m.getParameterCount() != 1 || m.getReturnType() != PoolConfig.Builder.class
                    || NOT_PROPERTIES.contains(m.getName())) {
                continue;
            }
            Kind kind = kindOf(m.getGenericParameterTypes()[0]);
            if (kind == null) {
                continue;
            }
            String kebab = kebab(m.getName());
            BuilderProperty candidate = new BuilderProperty(kebab, m, kind);
            // Overloads: prefer the richest type (a Duration over a long of millis, and so on).
            found.merge(kebab, candidate, (a, b) -> Comparator.comparing(BuilderProperty::kind).compare(a, b) <= 0 ? a : b);
        }
        return Collections.unmodifiableMap(found);
    }

    static Kind kindOf(Type type) {
        if (type instanceof ParameterizedType p) {
            Type raw = p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class && args[0] == String.class) {
                return Kind.STRING_LIST;
            }
            if (raw == Map.class && args[0] == String.class && args[1] == String.class) {
                return Kind.STRING_MAP;
            }
            return null;
        }
        if (!(type instanceof Class<?> c)) {
            return null;
        }
        if (c == Duration.class) {
            return Kind.DURATION;
        }
        if (c.isRecord() && hasBuilder(c)) {
            return Kind.RECORD;
        }
        if (c.isEnum()) {
            return Kind.ENUM;
        }
        if (c.isArray() && c.getComponentType().isEnum()) {
            return Kind.ENUM_SET;
        }
        if (c == boolean.class || c == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (c == int.class || c == Integer.class) {
            return Kind.INT;
        }
        if (c == long.class || c == Long.class) {
            return Kind.LONG;
        }
        if (c == double.class || c == Double.class) {
            return Kind.DOUBLE;
        }
        if (c == String.class) {
            return Kind.STRING;
        }
        return null;
    }
}
