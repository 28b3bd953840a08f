package io.mcpool.config;

import io.mcpool.InvalidConfigException;
import io.mcpool.PoolConfig;
import io.mcpool.internal.Redactor;
import io.mcpool.spi.ConfiguredAuthProviderFactory;
import io.mcpool.spi.TransportFactory;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Reads pools from configuration keys: {@code mcpool.<pool>.<property>} in kebab case for every
 * {@link PoolConfig.Builder} property of a simple type, the integration-level
 * {@code mcpool.<pool>.lazy-start} and {@code mcpool.<pool>.health.readiness}, and the keys an optional
 * module turns into the pool's {@code AuthProvider} ({@code mcpool.<pool>.oauth.*} with {@code mcpool-oauth}:
 * a {@link ConfiguredAuthProviderFactory}). The one mapping of the
 * MicroProfile Config and Spring Boot integrations: same keys, same conversions, same messages. A pool exists when
 * one of its {@code endpoint}, {@code command}, {@code stdio} or {@code transport} keys is set,
 * in any config source, or as an environment variable such as {@code MCPOOL_GITHUB_ENDPOINT}.
 *
 * <p>Every problem is collected, not just the first, and named by its configuration key; values of
 * secret properties never appear.
 */
public final class PoolConfigReader {

    /** The prefix of every key. */
    public static final String PREFIX = "mcpool.";
    /** Start the pool at its first use instead of at application start. */
    public static final String LAZY_START = "lazy-start";
    /** {@code false} marks a pool optional: its state does not count towards the application's readiness. */
    public static final String HEALTH_READINESS = "health.readiness";
    private static final String ENV_PREFIX = "MCPOOL_";
    private static final List<String> DEFINING = List.of("endpoint", "command", "stdio", "transport");

    /** The placeholder validated in place of an application's TransportFactory bean. */
    public static final TransportFactory PENDING_TRANSPORT_FACTORY = context -> {
        throw new IllegalStateException("placeholder: the application's TransportFactory bean replaces it");
    };

    /**
     * Key groups that an optional module turns into an {@code AuthProvider}, with the module: refused with
     * a message naming it when it is not on the class path.
     */
    private static final Map<String, String> AUTH_GROUPS = Map.of("oauth", "io.mcpool:mcpool-oauth");

    private final PropertyLookup config;
    private final Map<String, BuilderProperty> properties;
    private final Map<String, ConfiguredAuthProviderFactory> authFactories;

    /** @param config where the keys are read */
    public PoolConfigReader(PropertyLookup config) {
        this.config = config;
        this.properties = BuilderProperty.all();
        this.authFactories = authFactories();
    }

    /**
     * @return the {@link ConfiguredAuthProviderFactory} implementations by group, from this module's class
     *     loader and the thread's context class loader (an application server's deployment)
     */
    private static Map<String, ConfiguredAuthProviderFactory> authFactories() {
        Map<String, ConfiguredAuthProviderFactory> found = new TreeMap<>();
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(PoolConfigReader.class.getClassLoader());
        if (Thread.currentThread().getContextClassLoader() != null) {
            loaders.add(Thread.currentThread().getContextClassLoader());
        }
        for (ClassLoader loader : loaders) {
            for (ConfiguredAuthProviderFactory factory : ServiceLoader.load(ConfiguredAuthProviderFactory.class, loader)) {
                found.putIfAbsent(factory.group(), factory);
            }
        }
        return found;
    }

    /**
     * @return every configuration key suffix a pool accepts, sorted: builder properties,
     *     {@code lazy-start} and {@code health.readiness}
     */
    public SortedSet<String> knownKeys() {
        SortedSet<String> keys = new TreeSet<>(properties.keySet());
        keys.add(LAZY_START);
        keys.add(HEALTH_READINESS);
        return keys;
    }

    /**
     * @return every configuration key suffix a pool accepts ({@link #knownKeys()}) with the type of its
     *     value, sorted: the builder method's parameter type ({@code int}, {@code Duration}, an enum,
     *     {@code List<String>}, {@code Map<String, String>} for {@code <key>.<name>} entries, a record such
     *     as {@code AutoScalerConfig} for {@code <key>.<component>} entries), {@code boolean} for
     *     {@code lazy-start} and {@code health.readiness}. For tools that describe the keys, such as
     *     configuration metadata for IDEs.
     */
    public SortedMap<String, java.lang.reflect.Type> keyTypes() {
        SortedMap<String, java.lang.reflect.Type> types = new TreeMap<>();
        properties.forEach((kebab, p) -> types.put(kebab, p.method().getGenericParameterTypes()[0]));
        types.put(LAZY_START, boolean.class);
        types.put(HEALTH_READINESS, boolean.class);
        return types;
    }

    /** @return the names of the configured pools, sorted */
    public SortedSet<String> poolNames() {
        SortedSet<String> names = new TreeSet<>();
        Set<String> mapProperties = mapProperties();
        for (String key : dottedKeys()) {
            String rest = key.substring(PREFIX.length());
            for (String defining : DEFINING) {
                if (rest.endsWith("." + defining) && rest.length() > defining.length() + 1) {
                    names.add(rest.substring(0, rest.length() - defining.length() - 1));
                }
            }
        }
        // "mcpool.a.headers.endpoint" is a header of pool "a", not the endpoint of a pool "a.headers".
        Set<String> candidates = new TreeSet<>(names);
        names.removeIf(n -> candidates.stream().anyMatch(other -> mapProperties.stream()
                .anyMatch(m -> n.startsWith(other + "." + m + "."))
                || mapProperties.stream().anyMatch(m -> n.equals(other + "." + m))));
        for (String env : envKeys()) {
            envPoolName(env).ifPresent(envPool -> {
                boolean known = names.stream().anyMatch(n -> BuilderProperty.envForm(n).equals(envPool));
                if (!known) {
                    names.add(envPool.toLowerCase(Locale.ROOT));
                }
            });
        }
        return names;
    }

    /** @return the environment variables of the form {@code MCPOOL_*} */
    private SortedSet<String> envKeys() {
        SortedSet<String> keys = new TreeSet<>();
        for (String key : config.environmentNames()) {
            if (key.startsWith(ENV_PREFIX)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * @return the {@code mcpool.*} keys of every source except the environment: some configuration
     *     systems list {@code MCPOOL_A_SSE_ENDPOINT} also as {@code mcpool.a.sse.endpoint}, a guess
     *     that would read as pool {@code a.sse}. Environment variables are read through their own
     *     rules ({@link #envPoolName}), and override any key through the lookup.
     */
    private SortedSet<String> dottedKeys() {
        SortedSet<String> keys = new TreeSet<>();
        config.keys().stream().filter(n -> n.startsWith(PREFIX)).forEach(keys::add);
        return keys;
    }

    /**
     * @param env an environment variable name such as {@code MCPOOL_GITHUB_ENDPOINT}
     * @return the pool it defines, in environment form ({@code GITHUB}), when it sets a defining
     *     property and not a longer one that ends the same way ({@code MCPOOL_GITHUB_SSE_ENDPOINT})
     */
    private Optional<String> envPoolName(String env) {
        String rest = env.substring(ENV_PREFIX.length());
        for (String defining : DEFINING) {
            String suffix = "_" + BuilderProperty.envForm(defining);
            if (!rest.endsWith(suffix) || rest.length() == suffix.length()) {
                continue;
            }
            boolean longer = knownKeys().stream()
                    .map(k -> "_" + BuilderProperty.envForm(k))
                    .anyMatch(k -> k.length() > suffix.length() && k.endsWith(suffix) && rest.endsWith(k)
                            && rest.length() > k.length());
            if (!longer) {
                return Optional.of(rest.substring(0, rest.length() - suffix.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * @param pools the configured pools
     * @return a problem for every {@code mcpool.*} key that belongs to no pool or names no property
     */
    public List<String> unknownKeys(SortedSet<String> pools) {
        List<String> problems = new ArrayList<>();
        Set<String> mapProperties = mapProperties();
        SortedSet<String> known = knownKeys();
        List<String> byLength = new ArrayList<>(pools);
        byLength.sort(Comparator.comparingInt(String::length).reversed());
        for (String key : dottedKeys()) {
            String pool = byLength.stream().filter(p -> key.startsWith(PREFIX + p + ".")).findFirst().orElse(null);
            if (pool == null) {
                // A pool property for a pool that does not exist is a mistake (a misspelt pool name);
                // other mcpool.* keys may belong to someone else (e.g. a test kit's system property).
                String rest = key.substring(PREFIX.length());
                int dot = rest.lastIndexOf('.');
                String property = dot < 0 ? "" : rest.substring(dot + 1);
                String guess = dot < 0 ? rest : rest.substring(0, dot);
                if (known.contains(property)) {
                    problems.add(key + ": no pool '" + guess + "' is configured (a pool needs mcpool." + guess
                            + ".endpoint, .command, .stdio or .transport); configured pools: " + listOrNone(pools));
                }
                continue;
            }
            String property = key.substring(PREFIX.length() + pool.length() + 1);
            if (mapProperties.contains(property)) {
                problems.add(key + ": set its entries one by one, as " + key + ".<name>=<value>");
                continue;
            }
            if (known.contains(property)) {
                continue;
            }
            int dot = property.indexOf('.');
            if (dot > 0 && dot < property.length() - 1 && mapProperties.contains(property.substring(0, dot))) {
                continue;
            }
            String hint = closest(property, known).map(k -> " (did you mean " + PREFIX + pool + "." + k + "?)").orElse("");
            SortedSet<String> scalars = new TreeSet<>(known);
            scalars.removeAll(mapProperties);
            problems.add(key + ": '" + property + "' is not a pool property" + hint + "; known properties: "
                    + String.join(", ", scalars) + ", and " + String.join(".<name>, ", mapProperties) + ".<name>");
        }
        return problems;
    }

    /**
     * Reads, converts and validates one pool.
     *
     * @param name                 the pool
     * @param hasTransportFactory  whether the application supplies a TransportFactory bean for it
     *                             (then no endpoint or command is required)
     * @param problems             receives every problem found, named by configuration key
     * @return the settings, or empty when there were problems
     */
    public Optional<PoolSettings> read(String name, boolean hasTransportFactory, List<String> problems) {
        int before = problems.size();
        PoolConfig.Builder builder = PoolConfig.builder().name(name);
        for (BuilderProperty property : applicationOrder()) {
            String key = key(name, property.kebab());
            if (property.kind().isMap()) {
                Map<String, String> entries = mapEntries(key);
                if (entries.isEmpty()) {
                    continue;
                }
                if (property.kind() == BuilderProperty.Kind.RECORD) {
                    try {
                        set(builder, property, key, ValueConverter.record(property.type(), entries), problems);
                    } catch (ValueConverter.ConversionException e) {
                        problems.add(key + "." + e.getMessage());
                    }
                } else {
                    set(builder, property, key, entries, problems);
                }
                continue;
            }
            Optional<String> text = value(key);
            if (text.isEmpty()) {
                continue;
            }
            Object value;
            try {
                value = ValueConverter.convert(property, text.get());
            } catch (ValueConverter.ConversionException e) {
                problems.add(key + "=" + shown(property, text.get()) + ": " + e.getMessage());
                continue;
            }
            set(builder, property, key, value, problems);
        }
        boolean lazy = flag(name, LAZY_START, false, problems);
        boolean readiness = flag(name, HEALTH_READINESS, true, problems);
        if (hasTransportFactory) {
            builder.transportFactory(PENDING_TRANSPORT_FACTORY);
        }
        PoolConfig built = null;
        try {
            built = builder.build();
        } catch (InvalidConfigException e) {
            for (InvalidConfigException.Violation v : e.violations()) {
                problems.add(describe(name, v));
            }
        }
        if (built != null && problems.size() == before) {
            built = withAuthProvider(name, built, problems);
        }
        if (problems.size() > before || built == null) {
            return Optional.empty();
        }
        return Optional.of(new PoolSettings(name, built, lazy, readiness));
    }

    /** @return {@code built} with the AuthProvider its {@code oauth.*} (or other group's) keys describe, if any */
    private PoolConfig withAuthProvider(String pool, PoolConfig built, List<String> problems) {
        PoolConfig result = built;
        for (String group : authGroups()) {
            Map<String, String> entries = mapEntries(key(pool, group));
            if (entries.isEmpty()) {
                continue;
            }
            ConfiguredAuthProviderFactory factory = authFactories.get(group);
            if (factory == null) {
                problems.add(key(pool, group) + ".*: " + entries.keySet().stream().map(k -> group + "." + k).toList()
                        + " need " + AUTH_GROUPS.get(group) + " on the class path, which reads them");
                continue;
            }
            try {
                result = result.toBuilder().authProvider(factory.create(built, entries)).build();
            } catch (InvalidConfigException e) {
                for (InvalidConfigException.Violation v : e.violations()) {
                    String value = Redactor.isSensitiveName(v.property()) ? Redactor.MASK : v.value();
                    problems.add(key(pool, group + "." + v.property()) + "=" + value + ": " + v.message());
                }
            } catch (RuntimeException e) {
                problems.add(key(pool, group) + ".*: refused: " + Redactor.describe(e));
            }
        }
        return result;
    }

    /** @return the key groups read by an AuthProvider factory: the known ones and any found on the class path */
    private Set<String> authGroups() {
        Set<String> groups = new TreeSet<>(AUTH_GROUPS.keySet());
        groups.addAll(authFactories.keySet());
        return groups;
    }

    private boolean flag(String pool, String property, boolean fallback, List<String> problems) {
        Optional<String> text = value(key(pool, property));
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return ValueConverter.bool(text.get());
        } catch (ValueConverter.ConversionException e) {
            problems.add(key(pool, property) + "=" + text.get().trim() + ": " + e.getMessage());
            return fallback;
        }
    }

    /** @return the builder properties in the order they are applied: stdio, transport, then the rest */
    private List<BuilderProperty> applicationOrder() {
        List<BuilderProperty> ordered = new ArrayList<>(properties.values());
        ordered.sort(Comparator.comparingInt((BuilderProperty p) -> switch (p.kebab()) {
            case "stdio" -> 0;
            case "transport" -> 1;
            default -> 2;
        }));
        return ordered;
    }

    private void set(PoolConfig.Builder builder, BuilderProperty property, String key, Object value, List<String> problems) {
        try {
            property.method().invoke(builder, value);
        } catch (InvocationTargetException e) {
            // The builder's own messages mask secrets; the value may not: say what was refused, not the value.
            problems.add(key + ": refused: " + Redactor.describe(e.getCause()));
        } catch (IllegalAccessException e) {
            problems.add(key + ": cannot be set: " + e);
        }
    }

    private String describe(String pool, InvalidConfigException.Violation v) {
        if (v.property().equals("name")) {
            return "pool name '" + pool + "' (from the keys " + PREFIX + pool + ".*): " + v.message();
        }
        String kebab = BuilderProperty.kebab(v.property());
        BuilderProperty property = properties.get(kebab);
        if (property != null && property.kind().isMap()) {
            return key(pool, kebab) + "." + v.value() + ": " + v.message();
        }
        // Values in violations are already redacted by the core.
        return key(pool, kebab) + "=" + v.value() + ": " + v.message();
    }

    /** @return the configured value as safe to show: masked for secrets, endpoints as scheme, host and port */
    static String shown(BuilderProperty property, String value) {
        if (property.kind().isMap() || Redactor.isSensitiveName(property.kebab())) {
            return Redactor.MASK;
        }
        if (property.kebab().contains("endpoint")) {
            // Scheme, host and port only, as the pool shows endpoints: hosted servers carry keys in paths.
            try {
                String origin = Redactor.originOf(value);
                return origin == null ? Redactor.MASK : origin;
            } catch (RuntimeException e) {
                return Redactor.MASK;
            }
        }
        return value;
    }

    private Map<String, String> mapEntries(String prefixKey) {
        Map<String, String> entries = new LinkedHashMap<>();
        SortedMap<String, String> sorted = new TreeMap<>();
        for (String key : dottedKeys()) {
            if (key.startsWith(prefixKey + ".") && key.length() > prefixKey.length() + 1) {
                value(key).ifPresent(v -> sorted.put(key.substring(prefixKey.length() + 1), v));
            }
        }
        entries.putAll(sorted);
        return entries;
    }

    private Optional<String> value(String key) {
        return config.value(key);
    }

    /** @return the properties set as {@code <key>.<name>} entries: maps, records and the AuthProvider groups */
    private Set<String> mapProperties() {
        Set<String> maps = new TreeSet<>(authGroups());
        properties.values().stream().filter(p -> p.kind().isMap()).map(BuilderProperty::kebab).forEach(maps::add);
        return maps;
    }

    /**
     * @param pool     a pool name
     * @param property a key suffix
     * @return the full key, {@code mcpool.<pool>.<property>}
     */
    public static String key(String pool, String property) {
        return PREFIX + pool + "." + property;
    }

    /**
     * @param names names
     * @return them comma-separated, or {@code none}
     */
    public static String listOrNone(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static Optional<String> closest(String wrong, Set<String> candidates) {
        Predicate<String> near = c -> distance(wrong, c) <= Math.max(1, Math.min(3, c.length() / 4));
        return candidates.stream().filter(near).min(Comparator.comparingInt(c -> distance(wrong, c)));
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
