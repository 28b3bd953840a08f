package io.mcpool.it.weld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.BorrowOptions;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.cdi.McpPoolName;
import io.mcpool.event.PoolEvent;
import io.mcpool.jmx.McpPoolJmx;
import io.mcpool.oauth.ClientRegistration;
import io.mcpool.oauth.McpAuthorization;
import io.mcpool.oauth.OAuthAuthProvider;
import io.mcpool.testkit.BearerAuth;
import io.mcpool.testkit.SeenRequest;
import io.mcpool.testkit.TestAuthorizationServer;
import io.mcpool.testkit.TestMcpServer;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The secrets sweep with OAuth in play: a pool configured by {@code mcpool.<pool>.oauth.*} keys alone (a client
 * secret for the default identity, a {@code private_key_jwt} key file for a tenant) and a pool with the
 * authorization code flow (refresh tokens), both against the testkit's authorization server with tokens that live
 * 2 s, so that renewals and refresh grants happen during the run. Then a search of the logs (all levels), every
 * {@code toString()}, exception, event, JMX attribute and info operation (the pool MBean's {@code tokens()}
 * included), MP Health payload and metric name for the client secrets, the private key, and every access and
 * refresh token the authorization server issued. Zero hits.
 */
@ExtendWith(ArquillianExtension.class)
class OAuthSecretsSweepTest {

    private static final String CLIENT_SECRET = "oauth-sweep-secret-6f2d1a";
    private static final String CODE_CLIENT_SECRET = "oauth-sweep-codesecret-8c4e";

    private static final TestAuthorizationServer AS = TestAuthorizationServer.builder()
            .tokenLifetime(Duration.ofSeconds(2)).build().start();
    private static final BearerAuth GUARD = BearerAuth.builder(AS).scopesSupported("mcp:tools").build();
    private static final TestMcpServer SERVER = TestMcpServer.builder().bearerAuth(GUARD).build().start();
    private static final KeyPair KEYS = rsa();
    private static final String KEY_BASE64 = Base64.getEncoder().encodeToString(KEYS.getPrivate().getEncoded());

    private static final CapturedLog LOG = CapturedLog.install();

    private static KeyPair rsa() {
        try {
            return KeyPairGenerator.getInstance("RSA").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Deployment
    static JavaArchive deployment() throws IOException {
        Path pem = Files.createTempFile("oauth-sweep", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Map<String, String> config = new TreeMap<>();
        config.put("mcpool.o1.endpoint", SERVER.endpoint());
        config.put("mcpool.o1.min-sessions", "1");
        config.put("mcpool.o1.max-sessions", "4");
        config.put("mcpool.o1.oauth.client-id", "sweep-svc");
        config.put("mcpool.o1.oauth.client-secret", CLIENT_SECRET);
        config.put("mcpool.o1.oauth.refresh-skew", "500ms");
        config.put("mcpool.o1.oauth.tenants.acme.client-id", "sweep-acme");
        config.put("mcpool.o1.oauth.tenants.acme.private-key-file", pem.toString());
        config.put("mcpool.o1.oauth.tenants.acme.key-id", "sweep-key");
        return Archives.app(config, OAuthSecretsSweepTest.class)
                .addPackages(true, SmallRyeHealthReporter.class.getPackage());
    }

    @Inject
    @McpPoolName("o1")
    McpPool configured;

    @Inject
    SmallRyeHealthReporter health;

    @Inject
    MetricRegistry metrics;

    @Test
    void noOAuthSecretIsShownAnywhere() throws Exception {
        List<String> shown = new ArrayList<>();
        List<Throwable> thrown = new ArrayList<>();
        ConcurrentLinkedQueue<PoolEvent> seen = new ConcurrentLinkedQueue<>();
        configured.addListener(seen::add);
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

        McpAuthorization codeAuth = McpAuthorization.builder()
                .client(ClientRegistration.authorizationCode(URI.create("http://127.0.0.1:1/callback"), (url, redirect) -> {
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    return URI.create(r.headers().firstValue("Location").orElseThrow());
                }).clientId("sweep-code").clientSecret(CODE_CLIENT_SECRET).build())
                .refreshSkew(Duration.ofMillis(500)).build();
        try (McpPool code = McpPool.create(PoolConfig.builder().name("o2-code").endpoint(SERVER.endpoint())
                .minSessions(1).authProvider(OAuthAuthProvider.of(codeAuth, SERVER.endpoint())).build())) {
            code.addListener(seen::add);
            code.start();
            ObjectName codeName = McpPoolJmx.register(code, mbeans);
            try {
                // 1. Both identities of the configured pool and the code-flow pool call tools across token renewals.
                long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                BorrowOptions acme = BorrowOptions.builder().tenant("acme").build();
                while (System.nanoTime() < end) {
                    configured.callTool("echo", Map.of("message", "default"));
                    configured.callTool("echo", Map.of("message", "acme"), acme);
                    code.callTool("echo", Map.of("message", "code"));
                }

                // 2. Failures: a tenant without a client, a refused change, a bad key file.
                thrown.add(assertThrows(RuntimeException.class, () -> configured.callTool("echo", Map.of("message", "x"),
                        BorrowOptions.builder().tenant("globex").build())));
                thrown.add(assertThrows(RuntimeException.class, () -> configured.reconfigure(configured.config()
                        .toBuilder().authProvider(null).build())));
                thrown.add(assertThrows(RuntimeException.class, () -> PoolConfig.builder().endpoint(SERVER.endpoint())
                        .bearerToken(CLIENT_SECRET + " with space").build()));

                // Everything shown.
                for (McpPool p : List.of(configured, code)) {
                    shown.add(p.toString());
                    shown.add(p.config().toString());
                    shown.add(String.valueOf(p.config().authProvider()));
                    shown.add(p.config().authProvider().tokens().toString());
                    shown.add(p.metrics().toString());
                    shown.add(p.debugSnapshot().toString());
                }
                shown.add(codeAuth.toString());
                shown.add(codeAuth.tokens().toString());
                seen.forEach(e -> shown.add(e.toString()));
                for (Throwable t : thrown) {
                    StringWriter trace = new StringWriter();
                    t.printStackTrace(new PrintWriter(trace));
                    shown.add(trace.toString());
                }
                List<ObjectName> names = new ArrayList<>(mbeans.queryNames(new ObjectName("io.mcpool:*"), null));
                assertTrue(names.contains(codeName), names::toString);
                int tokenRows = 0;
                for (ObjectName name : names) {
                    shown.add(name.toString());
                    for (MBeanAttributeInfo a : mbeans.getMBeanInfo(name).getAttributes()) {
                        try {
                            Object value = mbeans.getAttribute(name, a.getName());
                            shown.add(name + " " + a.getName() + "=" + (value instanceof Object[] array
                                    ? Arrays.deepToString(array) : String.valueOf(value)));
                        } catch (javax.management.MBeanException | javax.management.RuntimeMBeanException e) {
                            StringWriter trace = new StringWriter();
                            e.printStackTrace(new PrintWriter(trace));
                            shown.add(trace.toString());
                        }
                    }
                    for (MBeanOperationInfo op : mbeans.getMBeanInfo(name).getOperations()) {
                        if (op.getSignature().length == 0 && op.getImpact() == MBeanOperationInfo.INFO) {
                            Object value = mbeans.invoke(name, op.getName(), null, null);
                            if (op.getName().equals("tokens")) {
                                tokenRows += ((Object[]) value).length;
                            }
                            shown.add(name + " " + op.getName() + "()=" + (value instanceof Object[] array
                                    ? Arrays.deepToString(array) : String.valueOf(value)));
                        }
                    }
                }
                assertTrue(tokenRows >= 3, "tokens() showed the identities of both pools: " + tokenRows);
                shown.add(health.getReadiness().getPayload().toString());
                shown.add(health.getLiveness().getPayload().toString());
                for (MetricID id : metrics.getMetricIDs()) {
                    shown.add(id.getName() + id.getTags());
                }
            } finally {
                mbeans.unregisterMBean(codeName);
            }
        }
        shown.addAll(LOG.lines());

        // The scenario really happened: renewals of every identity, refresh grants, private_key_jwt.
        assertTrue(AS.tokenRequestCount("sweep-svc") >= 2, "the secret client renewed: " + AS.tokenRequests());
        assertTrue(AS.tokenRequests().stream().anyMatch(r -> "sweep-acme".equals(r.clientId())
                && "private_key_jwt".equals(r.clientAuth())), "the key file was used");
        assertTrue(AS.tokenRequests().stream().anyMatch(r -> "refresh_token".equals(r.grantType())),
                "a refresh token was used: " + AS.tokenRequests());
        assertTrue(LOG.lines().stream().anyMatch(l -> l.contains("token obtained by the")),
                "mcpool-oauth's DEBUG lines were captured: " + LOG.lines().size() + " lines");
        List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET, CODE_CLIENT_SECRET, KEY_BASE64,
                KEY_BASE64.substring(100, 164)));
        GUARD.seen().stream().map(SeenRequest::token).filter(t -> t != null).distinct().forEach(secrets::add);
        secrets.addAll(AS.issuedRefreshTokens());
        assertTrue(secrets.size() >= 10, "access and refresh tokens were issued: " + secrets.size());
        assertFalse(AS.issuedRefreshTokens().isEmpty(), "refresh tokens were issued");

        List<String> hits = new ArrayList<>();
        for (String text : shown) {
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    hits.add(secret.substring(0, Math.min(12, secret.length())) + "... in: " + text);
                }
            }
        }
        LOG.remove();
        assertEquals(List.of(), hits, hits.size() + " secrets shown");
        assertFalse(seen.isEmpty(), "events were seen");
    }

    @AfterAll
    static void stopServers() {
        SERVER.close();
        AS.close();
    }
}
