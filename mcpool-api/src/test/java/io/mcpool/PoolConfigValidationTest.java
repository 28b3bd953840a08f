package io.mcpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolConfigValidationTest {

    private static PoolConfig.Builder valid() {
        return PoolConfig.builder().name("github").endpoint("http://localhost:8080/mcp");
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                bad("name", b -> b.name(""), "", "1-64 characters"),
                bad("name", b -> b.name("has space"), "has space", "1-64 characters"),
                bad("minSessions", b -> b.minSessions(-1), "-1", "between 0 and 10000"),
                bad("maxSessions", b -> b.maxSessions(0), "0", "between 1 and 10000"),
                bad("maxSessions", b -> b.maxSessions(-5), "-5", "between 1 and 10000"),
                bad("maxSessions", b -> b.maxSessions(10_001), "10001", "between 1 and 10000"),
                bad("minSessions", b -> b.minSessions(5).maxSessions(3), "5", "must not exceed maxSessions (3)"),
                bad("borrowTimeout", b -> b.borrowTimeout(Duration.ZERO), "PT0S", "between PT0.001S and PT24H"),
                bad("borrowTimeout", b -> b.borrowTimeout(Duration.ofSeconds(-1)), "PT-1S", "between"),
                bad("borrowTimeout", b -> b.borrowTimeout(null), "null", "is required"),
                bad("connectTimeout", b -> b.connectTimeout(Duration.ZERO), "PT0S", "between PT0.001S and PT1H"),
                bad("requestTimeout", b -> b.requestTimeout(Duration.ZERO), "PT0S", "between PT0.001S and PT24H"),
                bad("healthProbeTimeout", b -> b.healthProbeTimeout(Duration.ZERO), "PT0S", "between"),
                bad("toolCacheTtl", b -> b.toolCacheTtl(Duration.ofSeconds(-1)), "PT-1S", "between PT0S and PT168H"),
                bad("drainTimeout", b -> b.drainTimeout(Duration.ofHours(2)), "PT2H", "between PT0S and PT1H"),
                bad("idleTimeout", b -> b.idleTimeout(Duration.ofMillis(10)), "PT0.01S", "(or 0 to disable)"),
                bad("maxSessionLifetime", b -> b.maxSessionLifetime(Duration.ofMillis(500)), "PT0.5S", "(or 0 to disable)"),
                bad("recycleWindow", b -> b.maxSessionLifetime(Duration.ofMinutes(1)).recycleWindow(Duration.ofMinutes(1)),
                        "PT1M", "shorter than maxSessionLifetime (PT1M)"),
                bad("recycleWindow", b -> b.maxSessionLifetime(Duration.ofMinutes(1)).recycleWindow(Duration.ofMinutes(2)),
                        "PT2M", "shorter than maxSessionLifetime"),
                bad("healthCheckInterval", b -> b.healthCheckInterval(Duration.ofMillis(5)), "PT0.005S", "between PT0.1S"),
                bad("endpoint", b -> b.endpoint(null), "null", "is required for transport STREAMABLE_HTTP"),
                bad("endpoint", b -> b.endpoint("  "), "  ", "is required"),
                bad("endpoint", b -> b.endpoint("ftp://host/mcp"), "ftp://host", "only http and https"),
                bad("endpoint", b -> b.endpoint("localhost:8080"), "localhost:****", "only http and https"),
                bad("endpoint", b -> b.endpoint("http://"), "http://", "not a valid URL"),
                bad("endpoint", b -> b.endpoint("http:///mcp"), "http://****", "has no host"),
                bad("sseEndpoint", b -> b.transport(Transport.SSE).sseEndpoint("sse"), "sse", "starting with '/'"),
                bad("command", b -> b.transport(Transport.STDIO), "null", "is required for transport STDIO"),
                bad("command", b -> b.stdio(" "), " ", "is required for transport STDIO"),
                bad("transport", b -> b.transport(null), "null", "one of STDIO, SSE, STREAMABLE_HTTP"),
                bad("protocol", b -> b.protocol(null), "null", "must be one of auto, legacy, 2026-07-28"),
                bad("protocol", b -> b.protocol(Protocol.AUTO).transport(Transport.SSE), "auto",
                        "must be legacy with transport SSE: auto and 2026-07-28 need transport STREAMABLE_HTTP or STDIO"),
                bad("protocol", b -> b.protocol(Protocol.STATELESS_2026_07_28).transport(Transport.SSE), "2026-07-28",
                        "must be legacy with transport SSE"),
                bad("headers", b -> b.header("bad header", "v"), "bad header", "HTTP tokens"),
                bad("headers", b -> b.header("X-Ok", "a\r\nInjected: 1"), "X-Ok", "without CR or LF"),
                bad("bearerToken", b -> b.bearerToken("has space"), "****", "no whitespace"),
                bad("clientName", b -> b.clientName(""), "", "non-blank"),
                bad("retryCount", b -> b.retryCount(-1), "-1", "between 0 and 10"),
                bad("retryCount", b -> b.retryCount(11), "11", "between 0 and 10"),
                bad("retryMaxDelay", b -> b.retryBaseDelay(Duration.ofSeconds(2)).retryMaxDelay(Duration.ofSeconds(1)),
                        "PT1S", "not be shorter than retryBaseDelay (PT2S)"),
                bad("retryBaseDelay", b -> b.retryBaseDelay(Duration.ZERO), "PT0S", "between"),
                bad("failureThreshold", b -> b.failureThreshold(0), "0", "between 1 and 1000"),
                bad("recoveryTimeout", b -> b.recoveryTimeout(Duration.ofMillis(10)), "PT0.01S", "between PT0.1S and PT1H"),
                bad("leakDetectionThreshold", b -> b.leakDetectionThreshold(Duration.ofMillis(10)), "PT0.01S", "(or 0 to disable)"),
                bad("abandonedTimeout", b -> b.abandonedTimeout(Duration.ofMillis(10)), "PT0.01S", "(or 0 to disable)"),
                bad("tenantHeader", b -> b.tenantHeader("bad header"), "bad header", "valid HTTP header name"),
                bad("maxSessionsPerKey", b -> b.maxSessions(5).maxSessionsPerKey(6), "6", "between 1 and 5"),
                bad("maxConcurrentPerTenant", b -> b.maxConcurrentPerTenant(-1), "-1", "between 0 and 10"),
                bad("keyIdleTimeout", b -> b.keyIdleTimeout(Duration.ZERO), "PT0S", "between PT1S and PT168H"),
                bad("rateLimit", b -> b.rateLimit(-1), "-1.0", "0 (off) or between 0.001 and 100000"),
                bad("rateLimitBurst", b -> b.rateLimitBurst(-2), "-2", "between 1 and 1000000"),
                bad("autoScaler.maxFloor", b -> b.maxSessions(4).autoScaler(AutoScalerConfig.builder().maxFloor(9).build()),
                        "9", "between 1 and 4"),
                bad("autoScaler.scaleDownIdleRatio", b -> b.autoScaler(AutoScalerConfig.builder().scaleDownIdleRatio(0).build()),
                        "0.0", "above 0 and at most 1"));
    }

    private static Arguments bad(String property, UnaryOperator<PoolConfig.Builder> change, String value,
            String expectedMessage) {
        return Arguments.of(property, change, value, expectedMessage);
    }

    @ParameterizedTest(name = "{0}={2}")
    @MethodSource("invalidValues")
    void everyInvalidValueIsRefusedNamingPropertyValueAndRange(String property, UnaryOperator<PoolConfig.Builder> change,
            String value, String expectedMessage) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> change.apply(valid()).build());
        InvalidConfigException.Violation v = e.violations().stream().filter(x -> x.property().equals(property))
                .findFirst().orElseThrow(() -> new AssertionError("no violation for " + property + " in " + e.getMessage()));
        assertEquals(value, v.value());
        assertTrue(v.message().contains(expectedMessage), () -> "message '" + v.message() + "' lacks '" + expectedMessage + "'");
        assertTrue(e.getMessage().contains(property + "=" + value), e::getMessage);
        assertTrue(e.getMessage().contains("'" + e.poolName() + "'"), e::getMessage);
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> valid().minSessions(-1).maxSessions(0).borrowTimeout(Duration.ZERO).build());
        List<String> properties = e.violations().stream().map(InvalidConfigException.Violation::property).toList();
        assertTrue(properties.containsAll(List.of("minSessions", "maxSessions", "borrowTimeout")), properties::toString);
    }

    @Test
    void defaultsAreValidAndDocumented() {
        PoolConfig c = valid().build();
        assertEquals(1, c.minSessions());
        assertEquals(10, c.maxSessions());
        assertEquals(Duration.ofSeconds(30), c.borrowTimeout());
        assertEquals(Duration.ofMinutes(5), c.toolCacheTtl());
        assertEquals(Transport.STREAMABLE_HTTP, c.transport());
    }

    @Test
    void zeroDisablesWhereDocumented() {
        PoolConfig c = valid().minSessions(0).idleTimeout(Duration.ZERO).maxSessionLifetime(Duration.ZERO)
                .healthCheckInterval(Duration.ZERO).toolCacheTtl(Duration.ZERO).drainTimeout(Duration.ZERO).build();
        assertTrue(c.maxSessionLifetime().isZero());
    }

    @Test
    void stdioNeedsNoEndpointAndATransportFactoryNeedsNeither() {
        assertEquals(Transport.STDIO, PoolConfig.builder().stdio("npx", "server").build().transport());
        assertEquals("npx", PoolConfig.builder().stdio(List.of("npx", "-y", "server")).build().command());
        PoolConfig custom = PoolConfig.builder().transportFactory(ctx -> {
            throw new UnsupportedOperationException();
        }).build();
        assertEquals(null, custom.endpoint());
    }

    @Test
    void toStringNeverShowsSecrets() {
        PoolConfig c = valid()
                .endpoint("https://user:hunter2@example.com/mcp?api_key=k3y&region=eu")
                .bearerToken("s3cr3t-token")
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .header("X-Api-Key", "abc123")
                .header("X-Trace", "visible")
                .build();
        String s = c.toString();
        for (String secret : List.of("hunter2", "k3y", "s3cr3t-token", "dXNlcjpwYXNz", "abc123")) {
            assertFalse(s.contains(secret), () -> "toString leaks " + secret + ": " + s);
        }
        assertTrue(s.contains("X-Trace=visible"), s);
        assertTrue(s.contains("endpoint=https://example.com,"), "only scheme, host and port by default: " + s);
        assertFalse(c.redactedEndpoint().contains("hunter2"));
        String full = c.toBuilder().showFullEndpoint(true).build().toString();
        assertTrue(full.contains("region=eu"), full);
        assertFalse(full.contains("hunter2") || full.contains("k3y"), full);

        PoolConfig stdio = PoolConfig.builder().stdio("server").env("GITHUB_TOKEN", "ghp_secret").build();
        assertFalse(stdio.toString().contains("ghp_secret"), stdio::toString);
    }

    @Test
    void toBuilderRoundTrips() {
        PoolConfig c = valid().minSessions(2).maxSessions(7).header("X-A", "1").build();
        PoolConfig copy = c.toBuilder().build();
        assertEquals(c.toString(), copy.toString());
        assertEquals(3, c.toBuilder().minSessions(3).build().minSessions());
    }

    @Test
    void borrowOptionsRefuseBadHeadersAndTimeouts() {
        assertThrows(IllegalArgumentException.class, () -> BorrowOptions.builder().header("a b", "v").build());
        assertThrows(IllegalArgumentException.class, () -> BorrowOptions.builder().header("X-A", "v\n").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BorrowOptions.builder().timeout(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("BorrowOptions.timeout"), e::getMessage);
        String s = BorrowOptions.builder().header("Authorization", "Bearer x-secret").tenant("acme").build().toString();
        assertFalse(s.contains("x-secret"), s);
    }

    @Test
    void sessionKeysNormaliseBlankToShared() {
        assertEquals(SessionKey.SHARED, SessionKey.of(" ", null));
        assertEquals(SessionKey.SHARED, new SessionKey("", ""));
        assertTrue(SessionKey.of(null, null).isShared());
        assertFalse(SessionKey.of("acme", null).isShared());
    }

    @Test
    void createWithoutAnImplementationSaysWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> McpPool.create(valid().build()));
        assertTrue(e.getMessage().contains("io.mcpool:mcpool-impl"), e::getMessage);
    }
}
