package io.mcpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpool.internal.Redactor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets a configuration holds never come out of it: toString, validation messages, redact(). */
class ConfigSecretsTest {

    @Test
    void anInvalidUrlsMessageDoesNotRepeatThePassword() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PoolConfig.builder()
                .endpoint("http://bob:pa ss-w0rd-91@host/mcp").build());
        assertFalse(e.getMessage().contains("w0rd-91"), e::getMessage);
        assertTrue(e.getMessage().contains("endpoint"), e::getMessage);
        assertTrue(e.getMessage().contains("is not a valid URL: Illegal character in authority at index"), e::getMessage);
    }

    @Test
    void stdioArgumentsAndEnvironmentAreMasked() {
        PoolConfig c = PoolConfig.builder().stdio("node", "server.js", "--token", "tok-arg-1234", "--api-key=key-arg-5678",
                "--verbose", "API_SECRET=env-arg-9012").env("SERVICE_KEY", "env-value-3456").build();
        String s = c.toString();
        for (String secret : List.of("tok-arg-1234", "key-arg-5678", "env-arg-9012", "env-value-3456")) {
            assertFalse(s.contains(secret), () -> secret + " in " + s);
        }
        assertTrue(s.contains("--token, ****"), s);
        assertTrue(s.contains("--verbose"), s);
        String line = "started with --token tok-arg-1234, key key-arg-5678, SERVICE_KEY env-value-3456";
        String shown = c.redact(line);
        assertEquals("started with --token ****, key ****, SERVICE_KEY ****", shown);
    }

    @Test
    void aPathCarryingTheKeyIsShownOnlyWhenTheUserOptsIn() {
        PoolConfig c = PoolConfig.builder().endpoint("https://mcp.example.com:8443/mcp/k-7f3a9b2c4d5e6f70/sse").build();
        assertEquals("https://mcp.example.com:8443", c.redactedEndpoint());
        assertFalse(c.toString().contains("k-7f3a9b2c4d5e6f70"), c::toString);
        assertEquals("refused by ****", c.redact("refused by k-7f3a9b2c4d5e6f70"));
        assertEquals("GET https://mcp.example.com:8443 failed", c.redact("GET https://mcp.example.com:8443/mcp/k-7f3a9b2c4d5e6f70/sse failed"));
        PoolConfig full = c.toBuilder().showFullEndpoint(true).build();
        assertEquals("https://mcp.example.com:8443/mcp/k-7f3a9b2c4d5e6f70/sse", full.redactedEndpoint());
    }

    @Test
    void aTenantHeaderThatNamesACredentialIsRefused() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PoolConfig.builder()
                .endpoint("http://localhost/mcp").tenantHeader("X-Api-Key").build());
        assertTrue(e.getMessage().contains("tenantHeader"), e::getMessage);
        assertTrue(e.getMessage().contains("credential header"), e::getMessage);
        PoolConfig.builder().endpoint("http://localhost/mcp").tenantHeader("X-Tenant-ID").build();
    }

    @Test
    void freeTextLosesWhatLooksLikeACredential() {
        assertEquals("Authorization: Bearer **** sent to http://h:1",
                Redactor.redactText("Authorization: Bearer abcdefgh.ijk sent to http://u:p@h:1/x?token=t"));
        assertEquals("Received unexpected status code: 429", Redactor.redactText("Received unexpected status code: 429"));
        assertEquals("api_key=**** region=eu", Redactor.redactText("api_key=abc123 region=eu"));
        assertEquals("IOException: connect to https://host failed",
                Redactor.describe(new java.io.IOException("connect to https://host/mcp/secret-path failed")));
    }

    @Test
    void borrowOptionsCarryTheFailoverChoiceAndCopyWhole() {
        BorrowOptions o = BorrowOptions.builder().header("Authorization", "Bearer x").header("X-Tenant-ID", "acme")
                .forwardCredentialsOnFailover(true).tenant("acme").build();
        BorrowOptions copy = o.toBuilder().removeHeader("authorization").build();
        assertTrue(copy.forwardCredentialsOnFailover());
        assertEquals(List.of("X-Tenant-ID"), List.copyOf(copy.headers().keySet()));
        assertEquals("acme", copy.tenant());
    }
}
