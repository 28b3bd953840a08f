package io.mcpool.impl;

import static io.mcpool.impl.TestPools.config;
import static io.mcpool.impl.TestPools.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.InvalidConfigException;
import io.mcpool.McpPool;
import io.mcpool.PoolConfig;
import io.mcpool.ProxyConfig;
import io.mcpool.SessionCreationException;
import io.mcpool.TlsConfig;
import io.mcpool.testkit.TestMcpServer;
import io.mcpool.testkit.TestProxy;
import io.mcpool.testkit.TestTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's HTTP client with a trust store, a client certificate, hostname verification and a proxy,
 * against HTTPS test servers with self-signed certificates and a real forwarding (CONNECT) proxy.
 */
class TransportSecurityTest {

    private static TestTls serverTls;
    private static TestTls clientTls;
    private static TestTls otherHostTls;

    @TempDir
    static Path dir;

    private static Path trustStore;
    private static Path clientKeyStore;

    @BeforeAll
    static void certificates() {
        serverTls = TestTls.generate();
        clientTls = TestTls.generate("CN=mcpool-test-client", "DNS:client.invalid");
        // Also the server certificate that names another host than 127.0.0.1.
        otherHostTls = clientTls;
        trustStore = serverTls.writeTrustStore(dir.resolve("trust.p12"));
        clientKeyStore = clientTls.writeKeyStore(dir.resolve("client.p12"));
    }

    private static TlsConfig.Builder trusting(TestTls tls, String name) {
        Path file = tls == serverTls ? trustStore : tls.writeTrustStore(dir.resolve(name));
        return TlsConfig.builder().trustStore(file.toString(), "PKCS12", tls.storePassword());
    }

    @Test
    void aServerTrustedThroughTheTrustStoreIsReachedAndAnUntrustedOneIsNot() {
        try (TestMcpServer server = TestMcpServer.builder().tls(serverTls).build().start()) {
            assertTrue(server.endpoint().startsWith("https://"));
            try (McpPool pool = McpPool.create(config(server).tls(trusting(serverTls, "t").build()).build())) {
                pool.start();
                assertEquals("over tls", text(pool.callTool("echo", Map.of("message", "over tls"))));
            }
            // The JDK's trusted authorities do not know a self-signed test certificate.
            try (McpPool pool = McpPool.create(config(server).retryCount(0).build())) {
                SessionCreationException e = assertThrows(SessionCreationException.class, pool::start);
                assertTrue(causes(e).contains("PKIX") || causes(e).toLowerCase().contains("certif"), causes(e));
            }
        }
    }

    @Test
    void hostnameVerificationIsOnByDefaultAndOnlyTheLoudOptOutTurnsItOff() {
        try (TestMcpServer server = TestMcpServer.builder().tls(otherHostTls).build().start()) {
            TlsConfig.Builder trust = trusting(otherHostTls, "other.p12");
            try (McpPool pool = McpPool.create(config(server).retryCount(0).tls(trust.build()).build())) {
                SessionCreationException e = assertThrows(SessionCreationException.class, pool::start,
                        "a trusted certificate for client.invalid must not pass for 127.0.0.1");
                assertTrue(causes(e).contains("127.0.0.1") || causes(e).toLowerCase().contains("subject alternative"),
                        causes(e));
            }
            try (McpPool pool = McpPool.create(config(server)
                    .tls(trust.insecureDisableHostnameVerification(true).build()).build())) {
                pool.start();
                assertEquals("any host", text(pool.callTool("echo", Map.of("message", "any host"))));
            }
        }
    }

    @Test
    void aServerDemandingAClientCertificateGetsTheConfiguredOne() {
        try (TestMcpServer server = TestMcpServer.builder()
                .tls(serverTls.requiringClientCertificate(clientTls)).build().start()) {
            try (McpPool pool = McpPool.create(config(server).retryCount(0).tls(trusting(serverTls, "t").build()).build())) {
                assertThrows(SessionCreationException.class, pool::start, "no client certificate: no handshake");
            }
            TlsConfig mtls = trusting(serverTls, "t")
                    .keyStore(clientKeyStore.toString(), "PKCS12", clientTls.storePassword()).build();
            try (McpPool pool = McpPool.create(config(server).tls(mtls).build())) {
                pool.start();
                assertEquals("mutual", text(pool.callTool("echo", Map.of("message", "mutual"))));
            }
            // A certificate the server does not know is refused too.
            Path stranger = serverTls.writeKeyStore(dir.resolve("stranger.p12"));
            TlsConfig wrongClient = trusting(serverTls, "t")
                    .keyStore(stranger.toString(), "PKCS12", serverTls.storePassword()).build();
            try (McpPool pool = McpPool.create(config(server).retryCount(0).tls(wrongClient).build())) {
                assertThrows(SessionCreationException.class, pool::start);
            }
        }
    }

    @Test
    void requestsGoThroughTheProxyExceptToNonProxyHosts() {
        try (TestMcpServer server = TestMcpServer.builder().tls(serverTls).build().start();
                TestProxy proxy = TestProxy.start()) {
            String target = "127.0.0.1:" + server.port();
            ProxyConfig viaProxy = ProxyConfig.builder().address("127.0.0.1", proxy.port()).build();
            try (McpPool pool = McpPool.create(config(server).tls(trusting(serverTls, "t").build()).proxy(viaProxy).build())) {
                pool.start();
                assertEquals("proxied", text(pool.callTool("echo", Map.of("message", "proxied"))));
            }
            assertFalse(proxy.tunnels().isEmpty(), "the pool's connections went through the proxy");
            assertTrue(proxy.tunnels().stream().allMatch(target::equals), proxy.tunnels().toString());

            int before = proxy.tunnels().size();
            ProxyConfig bypassed = ProxyConfig.builder().address("127.0.0.1", proxy.port())
                    .nonProxyHosts(List.of("localhost", "127.0.0.*")).build();
            try (McpPool pool = McpPool.create(config(server).tls(trusting(serverTls, "t").build()).proxy(bypassed).build())) {
                pool.start();
                assertEquals("direct", text(pool.callTool("echo", Map.of("message", "direct"))));
            }
            assertEquals(before, proxy.tunnels().size(), "a non-proxy host is reached directly");
        }
    }

    @Test
    void aProxySelectorCanBeGivenInstead() {
        try (TestMcpServer server = TestMcpServer.builder().tls(serverTls).build().start();
                TestProxy proxy = TestProxy.start()) {
            ProxyConfig rules = ProxyConfig.builder().address("127.0.0.1", proxy.port()).build();
            try (McpPool pool = McpPool.create(config(server).tls(trusting(serverTls, "t").build())
                    .proxySelector(rules.proxySelector()).build())) {
                pool.start();
                assertEquals("selected", text(pool.callTool("echo", Map.of("message", "selected"))));
            }
            assertFalse(proxy.tunnels().isEmpty());
            InvalidConfigException both = assertThrows(InvalidConfigException.class, () -> PoolConfig.builder()
                    .endpoint("https://127.0.0.1:1/mcp").proxy(rules).proxySelector(rules.proxySelector()).build());
            assertTrue(both.getMessage().contains("proxySelector"), both.getMessage());
        }
    }

    @Test
    void badSettingsAreRefusedByPathAndPropertyAndPasswordsNeverShow() throws Exception {
        String password = "wrong-password-7d1e";
        Path missing = dir.resolve("missing.p12");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PoolConfig.builder()
                .endpoint("https://127.0.0.1:1/mcp")
                .tls(TlsConfig.builder().trustStore(missing.toString(), "PKCS12", password)
                        .keyStore(clientKeyStore.toString(), "PKCS12", password).build())
                .build());
        String message = e.getMessage();
        assertTrue(message.contains("tls.trustStore") && message.contains(missing.toString())
                && message.contains("does not exist"), message);
        assertTrue(message.contains("tls.keyStore") && message.contains(clientKeyStore.toString())
                && message.contains("wrong password"), message);
        assertFalse(message.contains(password), message);

        Path notAStore = Files.writeString(dir.resolve("not-a-store.p12"), "hello");
        e = assertThrows(InvalidConfigException.class, () -> PoolConfig.builder().endpoint("https://127.0.0.1:1/mcp")
                .tls(TlsConfig.builder().trustStore(notAStore.toString(), "PKCS12", null).build()).build());
        assertTrue(e.getMessage().contains(notAStore.toString()), e.getMessage());

        e = assertThrows(InvalidConfigException.class, () -> PoolConfig.builder().endpoint("https://127.0.0.1:1/mcp")
                .tls(TlsConfig.builder().trustStore(trustStore.toString(), "PEM", null).build())
                .proxy(ProxyConfig.builder().address("http://proxy", 0).nonProxyHosts(List.of("a b")).build())
                .build());
        message = e.getMessage();
        for (String expected : List.of("tls.trustStoreType", "PKCS12, JKS", "proxy.host", "proxy.port",
                "between 1 and 65535", "proxy.nonProxyHosts")) {
            assertTrue(message.contains(expected), expected + " in " + message);
        }

        PoolConfig ok = PoolConfig.builder().endpoint("https://127.0.0.1:1/mcp")
                .tls(trusting(serverTls, "t").keyStore(clientKeyStore.toString(), "PKCS12", clientTls.storePassword())
                        .build()).build();
        String shown = ok.toString();
        assertFalse(shown.contains(clientTls.storePassword()), shown);
        assertTrue(shown.contains("keyStorePassword=****") && shown.contains(clientKeyStore.toString()), shown);
        assertEquals("failed: ****", ok.redact("failed: " + clientTls.storePassword()));
        assertNotNull(ok.tls().sslContext());
    }

    @Test
    void transportSecurityIsFixedForThePoolsLife() {
        try (TestMcpServer server = TestMcpServer.builder().tls(serverTls).build().start();
                McpPool pool = McpPool.create(config(server).tls(trusting(serverTls, "t").build())
                        .proxy(ProxyConfig.builder().address("127.0.0.1", 9).nonProxyHosts(List.of("127.0.0.1")).build())
                        .build())) {
            pool.start();
            pool.reconfigure(pool.config().toBuilder().maxSessions(5).build());
            InvalidConfigException e = assertThrows(InvalidConfigException.class,
                    () -> pool.reconfigure(pool.config().toBuilder().tls(null).build()));
            assertTrue(e.getMessage().contains("tls"), e.getMessage());
        }
    }

    private static String causes(Throwable t) {
        return Stream.iterate(t, c -> c != null, Throwable::getCause).map(String::valueOf)
                .collect(Collectors.joining(" <- "));
    }
}
