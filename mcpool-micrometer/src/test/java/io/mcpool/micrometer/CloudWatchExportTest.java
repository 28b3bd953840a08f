package io.mcpool.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.metrics.MetricTag;
import io.mcpool.metrics.PoolMetric;
import io.mcpool.testkit.TestMcpServer;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * The binder's meters published by Micrometer's CloudWatch registry through the real AWS SDK client.
 * No AWS is reachable here, so the client's {@code endpointOverride} points at a local HTTP endpoint
 * (the one fake of this test) that answers as CloudWatch does under the Smithy RPC v2 CBOR protocol:
 * 200, {@code application/cbor}, an empty CBOR map. The requests the SDK really sent are decoded and
 * must carry every metric of the table, with its unit and the {@code pool} dimension.
 */
class CloudWatchExportTest {

    private static final String KEY_ID = "AKIDMCPOOLTEST00000";
    private static final String SECRET = "mcpool-test-secret-not-a-real-key";

    /** One request as the endpoint received it. */
    private record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer cloudWatch;
    private TestMcpServer server;
    private McpPool pool;

    @BeforeEach
    void start() throws IOException {
        cloudWatch = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cloudWatch.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        new HashMap<>(exchange.getRequestHeaders()), in.readAllBytes()));
            }
            byte[] emptyCborMap = {(byte) 0xA0};
            exchange.getResponseHeaders().set("Content-Type", "application/cbor");
            exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
            exchange.sendResponseHeaders(200, emptyCborMap.length);
            exchange.getResponseBody().write(emptyCborMap);
            exchange.close();
        });
        cloudWatch.start();
        server = TestMcpServer.builder().build().start();
        pool = McpPool.create(PoolConfig.builder().name("github").endpoint(server.endpoint())
                .minSessions(1).maxSessions(3).build());
        pool.start();
    }

    @AfterEach
    void stop() {
        pool.close();
        server.close();
        cloudWatch.stop(0);
    }

    @Test
    void everyMetricOfTheTableArrivesAtCloudWatchWithItsUnitAndThePoolDimension() throws Exception {
        CloudWatchAsyncClient client = CloudWatchAsyncClient.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .endpointOverride(URI.create("http://127.0.0.1:" + cloudWatch.getAddress().getPort()))
                .build();
        CloudWatchConfig config = new CloudWatchConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String namespace() {
                return "mcpool-test";
            }
        };
        CloudWatchMeterRegistry registry = new CloudWatchMeterRegistry(config, Clock.SYSTEM, client);
        try (McpPoolMetrics metrics = new McpPoolMetrics(pool)) {
            metrics.bindTo(registry);
            int calls = 5;
            for (int i = 0; i < calls; i++) {
                assertFalse(pool.callTool("echo", Map.of("message", "m" + i)).isError());
            }
            assertTrue(pool.callTool("fail", Map.of()).isError(), "feeds the per-tool error counter");
            // Two leases at once: the warm floor is one session, so the second is created now, while bound.
            try (PooledSession a = pool.borrow(); PooledSession b = pool.borrow()) {
                assertFalse(a.sessionId().equals(b.sessionId()));
            }
            // Closing a step registry publishes what the current step holds.
            registry.close();
        } finally {
            client.close();
        }

        assertFalse(received.isEmpty(), "the registry sent nothing");
        CBORMapper cbor = new CBORMapper();
        Map<String, JsonNode> datums = new TreeMap<>();
        for (Received r : received) {
            assertEquals("POST", r.method());
            assertEquals("/service/GraniteServiceVersion20100801/operation/PutMetricData", r.path(),
                    "the Smithy RPC v2 path of CloudWatch's PutMetricData");
            assertEquals(List.of("application/cbor"), header(r, "Content-Type"));
            assertEquals(List.of("rpc-v2-cbor"), header(r, "smithy-protocol"));
            String authorization = header(r, "Authorization").get(0);
            assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/"), authorization);
            assertTrue(authorization.contains("/eu-west-1/monitoring/aws4_request"), authorization);
            assertTrue(r.headers().values().stream().flatMap(List::stream).noneMatch(v -> v.contains(SECRET)),
                    "the secret key is never sent");
            JsonNode request = cbor.readTree(r.body());
            assertEquals("mcpool-test", request.get("Namespace").asString());
            for (JsonNode datum : request.get("MetricData")) {
                datums.put(datum.get("MetricName").asString(), datum);
            }
        }

        for (PoolMetric metric : PoolMetric.values()) {
            for (Map.Entry<String, String> expected : CloudWatchNames.of(metric).entrySet()) {
                JsonNode datum = datums.get(expected.getKey());
                if (datum == null && CloudWatchNames.onlyWhenObserved(expected.getKey())) {
                    String count = expected.getKey().substring(0, expected.getKey().lastIndexOf('.')) + ".count";
                    assertEquals(0.0, datums.get(count).get("Value").asDouble(), expected.getKey()
                            + " is left out only when nothing was observed");
                    continue;
                }
                assertNotNull(datum, metric + " as " + expected.getKey() + " in " + datums.keySet());
                assertEquals(expected.getValue(), datum.get("Unit").asString(), expected.getKey());
                assertEquals("github", dimensions(datum).get("pool"), expected.getKey());
                assertEquals(metric.tags().stream().map(MetricTag::name).collect(Collectors.toSet()),
                        dimensions(datum).keySet(), expected.getKey() + ": one dimension per tag of the table");
                assertTrue(datum.get("Value").isNumber() && datum.get("Value").asDouble() >= 0, datum.toString());
            }
        }
        assertTrue(value(datums, PoolMetric.BORROW_COUNT, ".count") >= 7, "borrows in the step: the calls made");
        assertEquals(3.0, value(datums, PoolMetric.MAX_SESSIONS, ".value"));
        assertEquals(1.0, value(datums, PoolMetric.READY, ".value"));
        assertTrue(value(datums, PoolMetric.BORROW_WAIT, ".count") >= 7);
        assertTrue(value(datums, PoolMetric.SESSION_CREATION, ".count") >= 1);
        assertTrue(value(datums, PoolMetric.SESSION_CREATION, ".avg") > 0, "a creation takes time");
        Set<String> ours = new TreeSet<>();
        for (PoolMetric metric : PoolMetric.values()) {
            ours.addAll(CloudWatchNames.of(metric).keySet());
        }
        List<String> others = new ArrayList<>(datums.keySet());
        others.removeAll(ours);
        assertEquals(List.of(), others, "only the table's metrics");
    }

    private static double value(Map<String, JsonNode> datums, PoolMetric metric, String suffix) {
        JsonNode datum = datums.get(metric.metricName() + suffix);
        assertNotNull(datum, metric + suffix);
        return datum.get("Value").asDouble();
    }

    private static Map<String, String> dimensions(JsonNode datum) {
        Map<String, String> dimensions = new TreeMap<>();
        for (JsonNode d : datum.get("Dimensions")) {
            dimensions.put(d.get("Name").asString(), d.get("Value").asString());
        }
        return dimensions;
    }

    private static List<String> header(Received r, String name) {
        return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                .map(Map.Entry::getValue).orElse(List.of());
    }
}
