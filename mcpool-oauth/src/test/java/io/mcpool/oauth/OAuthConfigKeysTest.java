package io.mcpool.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.config.PoolConfigReader;
import io.mcpool.config.PoolSettings;
import io.mcpool.config.PropertyLookup;
import io.mcpool.testkit.BearerAuth;
import io.mcpool.testkit.TestAuthorizationServer;
import io.mcpool.testkit.TestMcpServer;
import io.mcpool.testkit.TokenRequestRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcpool.<pool>.oauth.*}: the configuration integrations' one mapping ({@code mcpool-config}) finds
 * {@link OAuthConfigKeys} on the class path and gives the pool an {@link OAuthAuthProvider} from keys alone;
 * against the testkit's authorization server and a bearer-protected MCP server.
 */
class OAuthConfigKeysTest {

    private static final String SECRET = "cfg-secret-93b1f";

    @TempDir
    Path dir;

    private static PoolConfig read(Map<String, String> keys, List<String> problems) {
        PoolConfigReader reader = new PoolConfigReader(PropertyLookup.of(keys, Map.of()));
        problems.addAll(reader.unknownKeys(reader.poolNames()));
        return reader.read("tools", false, problems).map(PoolSettings::config).orElse(null);
    }

    @Test
    void aPoolGetsItsTokensFromKeysAloneForTheDefaultIdentityAndEachTenant() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path pem = dir.resolve("globex.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        try (TestAuthorizationServer as = TestAuthorizationServer.builder().build().start();
                TestMcpServer server = TestMcpServer.builder()
                        .bearerAuth(BearerAuth.builder(as).scopesSupported("mcp:tools").build()).build().start()) {
            Map<String, String> config = new HashMap<>(Map.of(
                    "mcpool.tools.endpoint", server.endpoint(),
                    "mcpool.tools.min-sessions", "0",
                    "mcpool.tools.oauth.client-id", "tools-svc",
                    "mcpool.tools.oauth.client-secret", SECRET,
                    "mcpool.tools.oauth.token-endpoint-auth-method", "client_secret_post",
                    "mcpool.tools.oauth.refresh-skew", "5s",
                    "mcpool.tools.oauth.tenants.acme.client-id", "acme-svc",
                    "mcpool.tools.oauth.tenants.acme.client-secret", "acme-" + SECRET,
                    "mcpool.tools.oauth.tenants.acme.scopes", "mcp:tools"));
            config.put("mcpool.tools.oauth.tenants.globex.client-id", "globex-svc");
            config.put("mcpool.tools.oauth.tenants.globex.private-key-file", pem.toString());
            config.put("mcpool.tools.oauth.tenants.globex.key-id", "globex-key-1");
            List<String> problems = new ArrayList<>();
            PoolConfig poolConfig = read(config, problems);
            assertEquals(List.of(), problems);
            assertInstanceOf(OAuthAuthProvider.class, poolConfig.authProvider());
            assertFalse(poolConfig.toString().contains(SECRET), poolConfig::toString);

            try (McpPool pool = McpPool.create(poolConfig)) {
                pool.start();
                pool.callTool("echo", Map.of("message", "default"));
                pool.callTool("echo", Map.of("message", "acme"), BorrowOptions.builder().tenant("acme").build());
                pool.callTool("echo", Map.of("message", "globex"), BorrowOptions.builder().tenant("globex").build());
            }
            Map<String, TokenRequestRecord> byClient = new HashMap<>();
            as.tokenRequests().forEach(r -> byClient.put(r.clientId(), r));
            assertEquals("client_secret_post", byClient.get("tools-svc").clientAuth());
            assertEquals("mcp:tools", byClient.get("acme-svc").scope());
            TokenRequestRecord jwt = byClient.get("globex-svc");
            assertEquals("private_key_jwt", jwt.clientAuth());
            SignedJWT assertion = SignedJWT.parse(jwt.clientAssertion());
            assertEquals("globex-key-1", assertion.getHeader().getKeyID());
            assertTrue(assertion.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic())),
                    "signed with the key of the configured file");
            for (TokenRequestRecord r : as.tokenRequests()) {
                assertEquals(List.of(server.endpoint()), r.resources(), "RFC 8707 resource on every token request");
            }
        }
    }

    @Test
    void badKeysAreNamedAndSecretsNeverShown() {
        Map<String, String> config = new HashMap<>(Map.of(
                "mcpool.tools.endpoint", "https://mcp.example.com/mcp",
                "mcpool.tools.oauth.client-id", "tools-svc",
                "mcpool.tools.oauth.client-secret", SECRET,
                "mcpool.tools.oauth.private-key-file", dir.resolve("missing.pem").toString(),
                "mcpool.tools.oauth.token-endpoint-auth-method", "client_secret_jwt",
                "mcpool.tools.oauth.refresh-skew", "soon",
                "mcpool.tools.oauth.client-secert", SECRET,
                "mcpool.tools.oauth.tenants.acme.client-secret", "acme-" + SECRET));
        config.put("mcpool.tools.oauth.max-step-ups", "500");
        List<String> problems = new ArrayList<>();
        assertEquals(null, read(config, problems));
        String all = String.join("\n", problems);
        for (String expected : List.of(
                "mcpool.tools.oauth.private-key-file=****: give exactly one of client-secret and private-key-file",
                // Shown masked: the name holds "auth", which the one secret-name rule reads as a secret.
                "mcpool.tools.oauth.token-endpoint-auth-method=****: must be one of client_secret_basic, "
                        + "client_secret_post, private_key_jwt",
                "mcpool.tools.oauth.private-key-file=****: does not exist or cannot be read (" + dir.resolve("missing.pem"),
                "mcpool.tools.oauth.refresh-skew=soon: must be a duration",
                "mcpool.tools.oauth.max-step-ups=500: must be a whole number between 0 and 100",
                "mcpool.tools.oauth.client-secert=****: is not an OAuth key; known: client-id, client-secret,",
                "mcpool.tools.oauth.tenants.acme.client-id=null: is required")) {
            assertTrue(all.contains(expected), "expected <" + expected + "> in\n" + all);
        }
        assertFalse(all.contains(SECRET), all);

        problems.clear();
        Path notPem = dir.resolve("key.txt");
        config = Map.of("mcpool.tools.endpoint", "https://mcp.example.com/mcp",
                "mcpool.tools.oauth.client-id", "tools-svc",
                "mcpool.tools.oauth.private-key-file", notPem.toString());
        read(config, problems);
        assertTrue(String.join("\n", problems).contains("does not exist or cannot be read (" + notPem + ")"),
                problems::toString);
    }

    @Test
    void aMisspeltKeyNeverShowsItsValue() {
        List<String> problems = new ArrayList<>();
        read(Map.of("mcpool.tools.endpoint", "https://mcp.example.com/mcp", "mcpool.tools.oauth.client-id", "svc",
                "mcpool.tools.oauth.client-secret", SECRET, "mcpool.tools.oauth.clientsecert", SECRET,
                "mcpool.tools.oauth.tenants.acme.secret", SECRET), problems);
        String all = String.join("\n", problems);
        assertTrue(all.contains("mcpool.tools.oauth.clientsecert=****: is not an OAuth key"), all);
        assertTrue(all.contains("mcpool.tools.oauth.tenants.acme.secret=****: is not an OAuth key"), all);
        assertFalse(all.contains(SECRET), all);
    }
}
