package io.mcpool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.PoolConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuilderPropertyTest {

    @Test
    void everyPoolConfigPropertyOfASimpleTypeIsAConfigurationKey() {
        Map<String, BuilderProperty> all = BuilderProperty.all();
        for (String key : new String[] {"endpoint", "transport", "sse-endpoint", "command", "args", "env", "headers",
                "bearer-token", "min-sessions", "max-sessions", "borrow-timeout", "connect-timeout", "request-timeout",
                "tool-cache-ttl", "drain-timeout", "idle-timeout", "max-session-lifetime", "recycle-window",
                "health-check-interval", "health-probe-timeout", "client-name", "client-version", "stdio"}) {
            assertTrue(all.containsKey(key), key + " in " + all.keySet());
        }
        assertEquals(BuilderProperty.Kind.DURATION, all.get("tool-cache-ttl").kind());
        assertEquals(BuilderProperty.Kind.STRING_MAP, all.get("headers").kind());
        assertEquals(BuilderProperty.Kind.STRING_LIST, all.get("args").kind());
    }

    @Test
    void theNameAndTheBeanPropertiesAreNotKeys() {
        Set<String> keys = BuilderProperty.all().keySet();
        assertFalse(keys.contains("name"), "the pool name comes from the key");
        assertFalse(keys.contains("auth-provider"), "beans, not text");
        assertFalse(keys.contains("transport-factory"));
        assertFalse(keys.contains("health-probe"));
        assertFalse(keys.contains("warmup-hook"));
    }

    /** Guards the generic mapping: a one-argument builder method the mapping cannot convert is listed here on purpose. */
    @Test
    void everyOneArgumentBuilderMethodIsEitherAKeyOrABean() {
        // proxySelector is for Java only: configuration sets the proxy with the proxy.* keys. The client
        // capability handlers are beans (CDI and Spring hand them to pools); client-capabilities, what sessions
        // advertise beside the handlers, is a key.
        Set<String> beans = Set.of("authProvider", "transportFactory", "healthProbe", "warmupHook", "limitsBackend",
                "name", "proxySelector", "elicitationHandler", "samplingHandler", "rootsHandler");
        Set<String> unmapped = Arrays.stream(PoolConfig.Builder.class.getMethods())
                .filter(m -> m.getDeclaringClass() == PoolConfig.Builder.class && !Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 1 && m.getReturnType() == PoolConfig.Builder.class)
                .map(Method::getName)
                .filter(n -> !beans.contains(n) && !BuilderProperty.all().containsKey(BuilderProperty.kebab(n)))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), unmapped, "builder properties MicroProfile Config cannot set");
    }

    @Test
    void kebabAndEnvironmentForms() {
        assertEquals("max-session-lifetime", BuilderProperty.kebab("maxSessionLifetime"));
        assertEquals("MCPOOL_GITHUB_MAX_SESSIONS", BuilderProperty.envForm("mcpool.github.max-sessions"));
    }
}
