package io.mcpool.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.AutoScalerConfig;
import io.mcpool.PoolConfig;
import io.mcpool.config.PoolConfigReader;
import io.mcpool.config.PropertyLookup;
import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata IDEs read is derived from, and checked against, the one mapping of
 * {@code mcpool-config}: the {@code mcpool} map's value type {@link McpPoolProperties} has exactly the
 * mapping's keys, each with the mapping's type, the core's default and a description. Adding a key to
 * the mapping (a new {@code PoolConfig.Builder} property) fails this test until it is described here.
 */
class ConfigurationMetadataTest {

    private static final String MAP_TYPE = "java.util.Map<java.lang.String,io.mcpool.spring.McpPoolProperties>";

    /** Keys whose bean default differs from the built configuration's value, and why. */
    private static final Map<String, String> DEFAULT_EXCEPTIONS = Map.of(
            "endpoint", "no default: the defaults below are read from a configuration built with a stand-in endpoint",
            "max-sessions-per-key", "0 stands for 'max-sessions', which the built configuration reports",
            "rate-limit-burst", "0 stands for 'rate-limit rounded up, at least 1', which the built configuration reports");

    private final PoolConfigReader reader = new PoolConfigReader(PropertyLookup.of(Map.of(), Map.of()));

    /** @return every key of the bean, as the mapping names it, with the bean's property */
    private static SortedMap<String, PropertyDescriptor> beanKeys() {
        SortedMap<String, PropertyDescriptor> keys = new TreeMap<>();
        for (PropertyDescriptor d : BeanUtils.getPropertyDescriptors(McpPoolProperties.class)) {
            if (d.getName().equals("class")) {
                continue;
            }
            if (d.getPropertyType() == McpPoolProperties.Health.class) {
                for (PropertyDescriptor h : BeanUtils.getPropertyDescriptors(McpPoolProperties.Health.class)) {
                    if (!h.getName().equals("class")) {
                        keys.put("health." + kebab(h.getName()), h);
                    }
                }
                continue;
            }
            keys.put(kebab(d.getName()), d);
        }
        return keys;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }

    private static Type beanType(PropertyDescriptor d) {
        return d.getWriteMethod() != null ? d.getWriteMethod().getGenericParameterTypes()[0]
                : d.getReadMethod().getGenericReturnType();
    }

    @Test
    void theBeanHasExactlyTheKeysOfTheMapping() {
        assertEquals(reader.knownKeys(), beanKeys().keySet(),
                "McpPoolProperties must describe every key of the shared mapping, and only those");
    }

    @Test
    void everyKeyHasTheMappingsType() {
        SortedMap<String, PropertyDescriptor> bean = beanKeys();
        reader.keyTypes().forEach((key, type) -> {
            PropertyDescriptor d = bean.get(key);
            assertNotNull(d, key);
            if (type == AutoScalerConfig.class) {
                assertEquals(McpPoolProperties.AutoScaler.class, d.getPropertyType(), key);
                return;
            }
            if (type == io.mcpool.TlsConfig.class || type == io.mcpool.ProxyConfig.class) {
                Class<?> nested = type == io.mcpool.TlsConfig.class ? McpPoolProperties.Tls.class
                        : McpPoolProperties.Proxy.class;
                assertEquals(nested, d.getPropertyType(), key);
                for (RecordComponent c : ((Class<?>) type).getRecordComponents()) {
                    assertNotNull(BeanUtils.getPropertyDescriptor(nested, c.getName()), key + "." + c.getName());
                }
                return;
            }
            if (type instanceof Class<?> c && c.isArray() && c.getComponentType().isEnum()) {
                // several values of an enum: a set in the bean, as the built configuration reports them
                assertEquals("java.util.Set<" + c.getComponentType().getName() + ">", beanType(d).getTypeName(), key);
                return;
            }
            if (type instanceof Class<?> c) {
                assertEquals(ClassUtils.resolvePrimitiveIfNecessary(c),
                        ClassUtils.resolvePrimitiveIfNecessary(d.getPropertyType()), key);
            } else {
                assertEquals(type.getTypeName(), beanType(d).getTypeName(), key);
            }
            assertNotNull(d.getWriteMethod(), key + " has a setter, so IDEs treat it as a key");
        });
    }

    @Test
    void everyDefaultIsTheCoresDefault() throws Exception {
        PoolConfig defaults = PoolConfig.builder().endpoint("http://127.0.0.1:1/mcp").build();
        McpPoolProperties bean = new McpPoolProperties();
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, PropertyDescriptor> e : beanKeys().entrySet()) {
            String key = e.getKey();
            String camel = e.getValue().getName();
            Method accessor = accessor(PoolConfig.class, camel);
            if (accessor == null || DEFAULT_EXCEPTIONS.containsKey(key) || key.startsWith("health.")) {
                continue;
            }
            Object expected = accessor.invoke(defaults);
            Object actual = e.getValue().getReadMethod().invoke(bean);
            assertEquals(expected, actual, "default of " + key);
            checked.add(key);
        }
        assertTrue(checked.size() >= 40, "defaults compared for " + checked);
        assertTrue(bean.getHealth().isReadiness(), "health.readiness defaults to true");
        assertEquals(0, bean.getMaxSessionsPerKey());
        assertEquals(defaults.maxSessions(), defaults.maxSessionsPerKey(), "0 = max-sessions, as documented");
        assertEquals(0, bean.getRateLimitBurst());
        assertEquals(1, defaults.rateLimitBurst(), "0 = rate-limit rounded up, at least 1, as documented");
    }

    @Test
    void theAutoScalerHasTheRecordsComponentsAndDefaults() throws Exception {
        AutoScalerConfig defaults = AutoScalerConfig.builder().build();
        McpPoolProperties.AutoScaler bean = new McpPoolProperties.AutoScaler();
        List<String> names = new ArrayList<>();
        for (RecordComponent c : AutoScalerConfig.class.getRecordComponents()) {
            PropertyDescriptor d = BeanUtils.getPropertyDescriptor(McpPoolProperties.AutoScaler.class, c.getName());
            assertNotNull(d, "auto-scaler." + kebab(c.getName()));
            assertEquals(ClassUtils.resolvePrimitiveIfNecessary(c.getType()),
                    ClassUtils.resolvePrimitiveIfNecessary(d.getPropertyType()), c.getName());
            assertEquals(c.getAccessor().invoke(defaults), d.getReadMethod().invoke(bean), "default of " + c.getName());
            names.add(c.getName());
        }
        assertEquals(names.size(), BeanUtils.getPropertyDescriptors(McpPoolProperties.AutoScaler.class).length - 1,
                "no other auto-scaler keys: " + names);
    }

    /** IDEs show the Javadoc of the field or setter as the key's description. */
    @Test
    void everyKeyHasADescription() throws Exception {
        String source = Files.readString(Path.of("src/main/java/io/mcpool/spring/McpPoolProperties.java"));
        Matcher field = Pattern.compile("\\*/\\s*\\n\\s*private (?:final )?[\\w<>, ]+ (\\w+)( =[^;]*)?;").matcher(source);
        List<String> described = new ArrayList<>();
        while (field.find()) {
            described.add(field.group(1));
        }
        Matcher any = Pattern.compile("\\n\\s*private (?:final )?[\\w<>, ]+ (\\w+)( =[^;]*)?;").matcher(source);
        List<String> all = new ArrayList<>();
        while (any.find()) {
            all.add(any.group(1));
        }
        assertTrue(all.size() >= beanKeys().size(), all.toString());
        assertEquals(all, described, "every field has a Javadoc description");
    }

    @Test
    void theMetadataFileDeclaresTheMapOfPools() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "META-INF/spring-configuration-metadata.json is in the jar");
            metadata = JsonMapper.builder().build().readTree(in);
        }
        JsonNode property = metadata.get("properties").get(0);
        assertEquals("mcpool", property.get("name").asString());
        assertEquals(MAP_TYPE, property.get("type").asString());
        assertEquals(McpPoolAutoConfiguration.class.getName(), property.get("sourceType").asString());
        assertTrue(property.get("description").asString().contains("mcpool.<pool>.<key>"));
        assertEquals(MAP_TYPE, metadata.get("groups").get(0).get("type").asString());
        assertEquals("mcpool.keys", metadata.get("hints").get(0).get("name").asString());
    }

    private static Method accessor(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
