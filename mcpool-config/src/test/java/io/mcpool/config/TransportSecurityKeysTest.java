package io.mcpool.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.PoolConfig;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcpool.<pool>.tls.*} and {@code mcpool.<pool>.proxy.*}. */
class TransportSecurityKeysTest {

    private static final String PASSWORD = "store-pass-5c2a";

    @TempDir
    Path dir;

    private Path store(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    @Test
    void tlsAndProxyKeysConfigureTheirRecords() throws Exception {
        Path trust = store("trust.p12");
        Path keys = store("client.p12");
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "https://mcp.example.com/mcp",
                "mcpool.web.tls.trust-store", trust.toString(),
                "mcpool.web.tls.trust-store-password", PASSWORD,
                "mcpool.web.tls.key-store", keys.toString(),
                "mcpool.web.tls.key-store-type", "pkcs12",
                "mcpool.web.tls.key-store-password", PASSWORD,
                "mcpool.web.proxy.host", "proxy.internal",
                "mcpool.web.proxy.port", "8080",
                "mcpool.web.proxy.non-proxy-hosts", "localhost, *.internal.example")));
        List<String> problems = new ArrayList<>();
        PoolConfig web = reader.read("web", false, problems).orElseThrow(() -> new AssertionError(problems)).config();
        assertEquals(trust.toString(), web.tls().trustStore());
        assertEquals(keys.toString(), web.tls().keyStore());
        assertEquals(PASSWORD, web.tls().keyStorePassword());
        assertFalse(web.tls().insecureDisableHostnameVerification(), "hostname verification is on unless opted out");
        assertEquals("proxy.internal", web.proxy().host());
        assertEquals(8080, web.proxy().port());
        assertEquals(List.of("localhost", "*.internal.example"), web.proxy().nonProxyHosts());
        assertTrue(web.proxy().bypasses("mcp.internal.example"));
        assertFalse(web.proxy().bypasses("mcp.example.com"));
        assertFalse(web.toString().contains(PASSWORD), web::toString);

        PoolConfig plain = new PoolConfigReader(TestLookups.of(Map.of("mcpool.p.endpoint", "https://h/mcp")))
                .read("p", false, new ArrayList<>()).orElseThrow().config();
        assertNull(plain.tls());
        assertNull(plain.proxySelector());
    }

    @Test
    void badValuesAreNamedByKeyAndPasswordsNeverShow() throws Exception {
        Path missing = dir.resolve("nope.p12");
        Path wrongPassword = store("other.p12");
        PoolConfigReader reader = new PoolConfigReader(TestLookups.of(Map.of(
                "mcpool.web.endpoint", "https://mcp.example.com/mcp",
                "mcpool.web.tls.trust-store", missing.toString(),
                "mcpool.web.tls.trust-store-password", PASSWORD,
                "mcpool.web.tls.key-store", wrongPassword.toString(),
                "mcpool.web.tls.key-store-password", "not-" + PASSWORD,
                "mcpool.web.proxy.port", "99999")));
        List<String> problems = new ArrayList<>();
        assertTrue(reader.read("web", false, problems).isEmpty());
        String all = String.join("\n", problems);
        assertTrue(all.contains("mcpool.web.tls.trust-store=" + missing + ": does not exist"), all);
        assertTrue(all.contains("mcpool.web.tls.key-store=" + wrongPassword + ": cannot be read"), all);
        assertTrue(all.contains("mcpool.web.proxy.host=null: must be a host name"), all);
        assertTrue(all.contains("mcpool.web.proxy.port=99999: must be between 1 and 65535"), all);
        assertFalse(all.contains(PASSWORD), all);

        problems.clear();
        new PoolConfigReader(TestLookups.of(Map.of("mcpool.web.endpoint", "https://mcp.example.com/mcp",
                "mcpool.web.tls.insecure-hostname", "true", "mcpool.web.tls.key-store-password", "x"))).read("web", false, problems);
        assertTrue(problems.get(0).startsWith("mcpool.web.tls.unknown [insecure-hostname]"), problems::toString);
        assertTrue(problems.get(0).contains("insecure-disable-hostname-verification"), problems::toString);

        problems.clear();
        new PoolConfigReader(TestLookups.of(Map.of("mcpool.web.endpoint", "https://mcp.example.com/mcp",
                "mcpool.web.tls.insecure-disable-hostname-verification", "maybe"))).read("web", false, problems);
        assertTrue(problems.get(0).startsWith("mcpool.web.tls.insecure-disable-hostname-verification=maybe: must be true or false"),
                problems::toString);
    }
}
