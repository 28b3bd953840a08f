package io.mcpool.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.PooledSession;
import io.mcpool.testkit.TestMcpServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;

/**
 * Reads everything JMX offers — every attribute, every snapshot, the MBeanInfo, the refusal
 * messages — of pools configured with a bearer token, credential headers, URL credentials and
 * secret environment values, and finds none of them.
 */
class NoSecretsTest {

    private static final List<String> SECRETS = List.of("tok-S3CRET-bearer", "S3CRET-basic", "S3CRET-api-key",
            "S3CRET-client", "S3CRET-query", "S3CRET-userinfo", "S3CRET-env");

    @Test
    void noSecretIsReadableThroughJmx() throws Exception {
        MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
        try (TestMcpServer server = TestMcpServer.builder().build().start();
                McpPool http = McpPool.create(TestPools.config(server, "secret-http")
                        .endpoint(server.endpoint() + "?access_token=S3CRET-query")
                        .bearerToken("tok-S3CRET-bearer")
                        .header("Authorization", "Basic S3CRET-basic")
                        .header("X-Api-Key", "S3CRET-api-key")
                        .header("X-Client-Secret", "S3CRET-client")
                        .minSessions(2).maxSessions(3).build());
                McpPool userInfo = McpPool.create(PoolConfig.builder().name("secret-userinfo")
                        .endpoint("https://ops:S3CRET-userinfo@mcp.example.com/mcp").build());
                McpPool stdio = McpPool.create(PoolConfig.builder().name("secret-stdio")
                        .stdio("node", "server.js").env("GITHUB_TOKEN", "S3CRET-env").env("PLAIN", "S3CRET-env")
                        .build())) {
            http.start();
            List<ObjectName> names = List.of(McpPoolJmx.register(http, mbeans), McpPoolJmx.register(userInfo, mbeans),
                    McpPoolJmx.register(stdio, mbeans),
                    McpPoolJmx.registerManager("secret-manager", () -> List.of(http, userInfo, stdio), mbeans));

            try (PooledSession tenant = http.borrow(BorrowOptions.builder().tenant("acme")
                    .header("Authorization", "Bearer tok-S3CRET-bearer").build())) {
                tenant.callTool("echo", Map.of("message", "hi"));
                List<Object> seen = new ArrayList<>();
                for (ObjectName name : names) {
                    seen.add(name);
                    seen.add(mbeans.getMBeanInfo(name));
                    seen.addAll(OpenValues.leaves(OpenValues.readAll(mbeans, name).values().toArray()));
                    for (MBeanOperationInfo op : mbeans.getMBeanInfo(name).getOperations()) {
                        if (op.getSignature().length == 0 && op.getImpact() == MBeanOperationInfo.INFO) {
                            seen.addAll(OpenValues.leaves(mbeans.invoke(name, op.getName(), null, null)));
                        }
                    }
                }
                seen.add(refusal(mbeans, names.get(0)));
                String everything = seen.toString();
                for (String shown : List.of("acme", "LENT", "secret-stdio", "node", "mcp.example.com", "refused")) {
                    assertTrue(everything.contains(shown), () -> "the scan saw the values: " + shown);
                }
                assertEquals("https://mcp.example.com", mbeans.getAttribute(names.get(1), "Endpoint"));
                assertEquals(server.endpoint().replace("/mcp", ""), mbeans.getAttribute(names.get(0), "Endpoint"));
                for (String secret : SECRETS) {
                    assertFalse(everything.contains(secret), () -> secret + " is readable through JMX: " + everything);
                }
            }
        }
    }

    private static String refusal(MBeanServer mbeans, ObjectName name) {
        return assertThrows(RuntimeMBeanException.class,
                () -> mbeans.setAttribute(name, new Attribute("MaxSessions", -1))).getTargetException().getMessage();
    }
}
