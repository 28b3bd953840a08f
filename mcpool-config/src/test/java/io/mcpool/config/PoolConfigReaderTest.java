package io.mcpool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.PoolConfig;
import io.mcpool.spi.ClientCapability;
import io.mcpool.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;

class PoolConfigReaderTest {

    private static PoolConfig read(PoolConfigReader reader, String pool) {
        List<String> problems = new ArrayList<>();
        PoolConfig c = reader.read(pool, false, problems).map(PoolSettings::config).orElse(null);
        assertEquals(List.of(), problems);
        return c;
    }

    @Test
    void poolsAreNamedByTheirDefiningKeys() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.github.endpoint", "http://localhost:1/mcp",
                "mcpool.files.stdio", "npx,-y,@modelcontextprotocol/server-filesystem",
                "mcpool.legacy.transport", "sse",
                "mcpool.my.dotted.pool.endpoint", "http://localhost:1/mcp",
                "mcpool.github.headers.endpoint", "a header named endpoint is no pool",
                "mcpool.server-everything.dir", "someone else's key")));
        assertEquals(List.of("files", "github", "legacy", "my.dotted.pool"), List.copyOf(reader.poolNames()));
    }

    @Test
    void everyKindOfPropertyIsConverted() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.files.stdio", "npx, -y, @modelcontextprotocol/server-filesystem, /tmp",
                "mcpool.files.env.LOG_LEVEL", "debug",
                "mcpool.files.max-session-lifetime", "0",
                "mcpool.web.endpoint", "https://mcp.example.com/mcp",
                "mcpool.web.headers.X-Tenant", "acme",
                "mcpool.web.bearer-token", "t0k3n",
                "mcpool.web.request-timeout", "PT1M",
                "mcpool.web.lazy-start", "TRUE")));
        PoolConfig files = read(reader, "files");
        assertEquals(Transport.STDIO, files.transport());
        assertEquals("npx", files.command());
        assertEquals(List.of("-y", "@modelcontextprotocol/server-filesystem", "/tmp"), files.args());
        assertEquals(Map.of("LOG_LEVEL", "debug"), files.env());
        assertEquals(Duration.ZERO, files.maxSessionLifetime());
        PoolConfig web = read(reader, "web");
        assertEquals(Map.of("X-Tenant", "acme"), web.headers());
        assertEquals("t0k3n", web.bearerToken());
        assertEquals(Duration.ofMinutes(1), web.requestTimeout());
        assertTrue(reader.read("web", false, new ArrayList<>()).orElseThrow().lazyStart());
    }

    @Test
    void recordPropertiesAreSetComponentByComponentWithTheirDefaultsForTheRest() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "https://mcp.example.com/mcp",
                "mcpool.web.max-sessions", "20",
                "mcpool.web.auto-scaler.max-floor", "8",
                "mcpool.web.auto-scaler.scale-up-wait", "20ms",
                "mcpool.web.rate-limit", "2.5",
                "mcpool.web.tenant-limit-mode", "wait")));
        PoolConfig web = read(reader, "web");
        assertEquals(8, web.autoScaler().maxFloor());
        assertEquals(Duration.ofMillis(20), web.autoScaler().scaleUpWait());
        assertEquals(io.mcpool.AutoScalerConfig.builder().build().cooldown(), web.autoScaler().cooldown());
        assertEquals(2.5, web.rateLimit());
        assertEquals(io.mcpool.TenantLimitMode.WAIT, web.tenantLimitMode());

        List<String> problems = new ArrayList<>();
        new PoolConfigReader(TestLookups.of(Map.of("mcpool.web.endpoint", "https://mcp.example.com/mcp",
                "mcpool.web.auto-scaler.max-flor", "8", "mcpool.x.endpoint", "http://h/mcp",
                "mcpool.x.auto-scaler.max-floor", "99"))).read("web", false, problems);
        assertTrue(problems.get(0).startsWith("mcpool.web.auto-scaler.unknown [max-flor]"), problems::toString);
        problems.clear();
        new PoolConfigReader(TestLookups.of(Map.of("mcpool.x.endpoint", "http://h/mcp",
                "mcpool.x.auto-scaler.max-floor", "99"))).read("x", false, problems);
        assertTrue(problems.get(0).startsWith("mcpool.x.auto-scaler.max-floor=99: must be between"), problems::toString);
    }

    @Test
    void clientCapabilitiesAreACommaSeparatedListAndABadOneNamesTheAllowedValues() {
        assertEquals(java.util.Set.of(ClientCapability.SAMPLING, ClientCapability.ELICITATION_URL),
                read(new PoolConfigReader(TestLookups.of(Map.of("mcpool.web.endpoint", "https://mcp.example.com/mcp",
                        "mcpool.web.client-capabilities", "sampling, Elicitation-URL"))), "web").clientCapabilities());
        assertEquals(java.util.Set.of(), read(new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "https://mcp.example.com/mcp"))), "web").clientCapabilities(), "the default");
        List<String> problems = new ArrayList<>();
        new PoolConfigReader(TestLookups.of(Map.of("mcpool.web.endpoint", "https://mcp.example.com/mcp",
                "mcpool.web.client-capabilities", "roots, tasks"))).read("web", false, problems);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("mcpool.web.client-capabilities=roots, tasks: has 'tasks', which must "
                + "be one of elicitation-form, elicitation-url, sampling, roots"), problems.get(0));
    }

    @Test
    void theProtocolIsReadInItsConfigurationFormAndABadOneNamesTheAllowedValues() {
        assertEquals(io.mcpool.Protocol.STATELESS_2026_07_28, read(new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "https://mcp.example.com/mcp", "mcpool.web.protocol", "2026-07-28"))), "web")
                .protocol());
        assertEquals(io.mcpool.Protocol.AUTO, read(new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "https://mcp.example.com/mcp", "mcpool.web.protocol", "Auto"))), "web")
                .protocol());
        assertEquals(io.mcpool.Protocol.LEGACY, read(new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "https://mcp.example.com/mcp"))), "web").protocol(), "the default");
        List<String> problems = new ArrayList<>();
        new PoolConfigReader(TestLookups.of(Map.of("mcpool.web.endpoint", "https://mcp.example.com/mcp",
                "mcpool.web.protocol", "2025-11-25"))).read("web", false, problems);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("mcpool.web.protocol=2025-11-25: must be one of auto, legacy, 2026-07-28"),
                problems::toString);
    }

    @Test
    void environmentVariablesOverrideAndCanDefineAPool() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(
                Map.of("mcpool.github.endpoint", "http://file:1/mcp", "mcpool.github.max-sessions", "5",
                        "mcpool.github.headers.X-Team", "file", "mcpool.my-pool.endpoint", "http://file:1/mcp"),
                Map.of("MCPOOL_GITHUB_MAX_SESSIONS", "9",
                        "MCPOOL_GITHUB_HEADERS_X_TEAM", "env",
                        "MCPOOL_GITHUB_SSE_ENDPOINT", "/events",
                        "MCPOOL_MY_POOL_MIN_SESSIONS", "0",
                        "MCPOOL_SEARCH_ENDPOINT", "http://env:2/mcp",
                        "MCPOOL_SEARCH_BORROW_TIMEOUT", "2s")));
        SortedSet<String> names = reader.poolNames();
        assertEquals(List.of("github", "my-pool", "search"), List.copyOf(names),
                "MCPOOL_GITHUB_SSE_ENDPOINT sets a property of github; MCPOOL_MY_POOL_* belongs to my-pool");
        assertEquals(9, read(reader, "github").maxSessions());
        assertEquals("/events", read(reader, "github").sseEndpoint());
        assertEquals(Map.of("X-Team", "env"), read(reader, "github").headers(), "an entry overridden by the environment");
        assertEquals(0, read(reader, "my-pool").minSessions());
        PoolConfig search = read(reader, "search");
        assertEquals("http://env:2/mcp", search.endpoint());
        assertEquals(Duration.ofSeconds(2), search.borrowTimeout());
        assertEquals(List.of(), reader.unknownKeys(names));
    }

    @Test
    void unknownKeysAreNamedWithTheKnownOnes() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.github.endpoint", "http://localhost:1/mcp",
                "mcpool.github.tool-cache-tll", "PT1M",
                "mcpool.github.headers", "X-A=b",
                "mcpool.githb.max-sessions", "3",
                "mcpool.server-everything.dir", "/opt/se")));
        List<String> problems = reader.unknownKeys(reader.poolNames());
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("mcpool.githb.max-sessions: no pool 'githb' is configured"), problems.get(0));
        assertTrue(problems.get(0).endsWith("configured pools: github"), problems.get(0));
        assertTrue(problems.get(1).startsWith("mcpool.github.headers: set its entries one by one"), problems.get(1));
        assertTrue(problems.get(2).contains("(did you mean mcpool.github.tool-cache-ttl?)"), problems.get(2));
        assertTrue(problems.get(2).contains("known properties: abandoned-timeout, args, bearer-token,"),
                problems.get(2));
    }

    @Test
    void violationsAreReportedWithTheirKeysAndSecretsMasked() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.github.endpoint", "ftp://user:pw-s3cret@host/mcp",
                "mcpool.github.min-sessions", "12",
                "mcpool.github.max-sessions", "10",
                "mcpool.github.bearer-token", "not valid s3cret",
                "mcpool.github.headers.Bad Header", "x",
                "mcpool.github.borrow-timeout", "10")));
        List<String> problems = new ArrayList<>();
        assertTrue(reader.read("github", false, problems).isEmpty());
        String all = String.join("\n", problems);
        assertTrue(all.contains("mcpool.github.borrow-timeout=10: must be a duration"), all);
        assertTrue(all.contains("mcpool.github.min-sessions=12: must not exceed maxSessions (10)"), all);
        assertTrue(all.contains("mcpool.github.bearer-token=****: must be non-blank"), all);
        assertTrue(all.contains("mcpool.github.headers.Bad Header: header names must be HTTP tokens"), all);
        assertTrue(all.contains("mcpool.github.endpoint="), all);
        assertFalse(all.contains("s3cret"), all);
    }

    @Test
    void anEndpointIsShownAsSchemeHostAndPortAndARefusedValueIsNotRepeated() {
        assertEquals("https://host.example:8443", PoolConfigReader.shown(BuilderProperty.all().get("endpoint"),
                "https://host.example:8443/mcp/k3y-s3cret/sse"));
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.hosted.endpoint", "https://host.example/mcp/k3y-s3cret/sse",
                "mcpool.hosted.min-sessions", "-1",
                "mcpool.hosted.headers.X-Trace", "bad\nvalue-s3cret")));
        List<String> problems = new ArrayList<>();
        assertTrue(reader.read("hosted", false, problems).isEmpty());
        String all = String.join("\n", problems);
        assertTrue(all.contains("mcpool.hosted.min-sessions"), all);
        assertFalse(all.contains("s3cret"), all);
    }

    @Test
    void aTransportFactoryBeanMakesTheEndpointOptional() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of("mcpool.custom.transport", "streamable-http")));
        List<String> problems = new ArrayList<>();
        assertTrue(reader.read("custom", false, problems).isEmpty());
        assertTrue(problems.get(0).startsWith("mcpool.custom.endpoint=null: is required"), problems.toString());
        assertTrue(reader.read("custom", true, new ArrayList<>()).isPresent());
    }

    @Test
    void aBadBooleanIsNamedByItsKeyWithTheAcceptedValues() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "http://localhost:1/mcp",
                "mcpool.web.graceful-degradation", "sometimes",
                "mcpool.web.health.readiness", "nope",
                "mcpool.web.lazy-start", "On")));
        List<String> problems = new ArrayList<>();
        assertTrue(reader.read("web", false, problems).isEmpty());
        assertEquals(List.of(
                "mcpool.web.graceful-degradation=sometimes: must be true or false (also accepted: yes/no, on/off, 1/0, in any case)",
                "mcpool.web.health.readiness=nope: must be true or false (also accepted: yes/no, on/off, 1/0, in any case)"),
                problems);
    }

    @Test
    void healthReadinessMarksAnOptionalPoolAndIsAKnownKey() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "http://localhost:1/mcp",
                "mcpool.web.health.readiness", "off",
                "mcpool.api.endpoint", "http://localhost:2/mcp")));
        assertEquals(List.of(), reader.unknownKeys(reader.poolNames()));
        assertFalse(reader.read("web", false, new ArrayList<>()).orElseThrow().readiness());
        assertTrue(reader.read("api", false, new ArrayList<>()).orElseThrow().readiness());
        assertTrue(reader.knownKeys().contains("health.readiness"));
    }

    @Test
    void keyTypesDescribeEveryKnownKeyWithItsValueType() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of()));
        Map<String, java.lang.reflect.Type> types = reader.keyTypes();
        assertEquals(reader.knownKeys(), types.keySet());
        assertEquals(int.class, types.get("max-sessions"));
        assertEquals(Duration.class, types.get("borrow-timeout"));
        assertEquals(Transport.class, types.get("transport"));
        assertEquals(boolean.class, types.get("health.readiness"));
        assertEquals(io.mcpool.AutoScalerConfig.class, types.get("auto-scaler"));
        assertEquals("java.util.Map<java.lang.String, java.lang.String>", types.get("headers").getTypeName());
        assertEquals("java.util.List<java.lang.String>", types.get("stdio").getTypeName());
    }

    @Test
    void environmentVariablesOverrideAndDefinePools() {
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(
                Map.of("mcpool.web.endpoint", "http://localhost:1/mcp", "mcpool.web.max-sessions", "3"),
                Map.of("MCPOOL_WEB_MAX_SESSIONS", "7", "MCPOOL_SEARCH_ENDPOINT", "http://localhost:2/mcp")));
        assertEquals(Set.of("web", "search"), Set.copyOf(reader.poolNames()));
        assertEquals(7, read(reader, "web").maxSessions());
    }
}
