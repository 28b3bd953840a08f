package io.mcpool.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {

    @ParameterizedTest(name = "{0} holds a secret: {1}")
    @CsvSource({
            // headers
            "Authorization, true", "Proxy-Authorization, true", "Cookie, true", "Set-Cookie, true",
            "X-API-Key, true", "Ocp-Apim-Subscription-Key, true", "Mcp-Session-Id, true", "X-Auth-Token, true",
            "X-Request-ID, false", "X-Tenant, false", "Accept, false", "traceparent, false",
            // query parameters
            "key, true", "sig, true", "code, true", "access_token, true", "api_key, true", "client_secret, true",
            "page, false", "cursor, false",
            // configuration properties (kebab case)
            "bearer-token, true", "auth-provider, true", "max-sessions-per-key, false", "key-idle-timeout, false",
            "max-sessions, false", "tenant-header, false", "endpoint, false",
            // environment variables
            "GITHUB_PERSONAL_ACCESS_TOKEN, true", "OPENAI_API_KEY, true", "DB_PASSWORD, true", "PATH, false"})
    void oneRuleForEveryKindOfName(String name, boolean secret) {
        assertEquals(secret, Redactor.isSensitiveName(name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://bob:hunter2@host:8080/mcp | http://****@host:8080/mcp",
            "https://host/mcp?key=abc123&page=2 | https://host/mcp?key=****&page=2",
            "https://host/mcp?access_token=abc123 | https://host/mcp?access_token=****",
            "https://host/mcp | https://host/mcp"})
    void urlsLoseTheirCredentials(String url, String shown) {
        assertEquals(shown, Redactor.redactUrl(url));
    }

    @ParameterizedTest
    @CsvSource({"Authorization, Bearer abc, ****", "X-Request-ID, req-1, req-1"})
    void headerValuesAreMaskedByName(String name, String value, String shown) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(name, value);
        assertEquals(Map.of(name, shown), Redactor.redactHeaders(headers));
    }
}
