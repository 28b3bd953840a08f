package io.mcpool.oauth;

import io.mcpool.InvalidConfigException;
import io.mcpool.InvalidConfigException.Violation;
import io.mcpool.PoolConfig;
import io.mcpool.internal.Redactor;
import io.mcpool.spi.AuthProvider;
import io.mcpool.spi.ConfiguredAuthProviderFactory;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code mcpool.<pool>.oauth.*} keys: an {@link OAuthAuthProvider} for the pool from configuration alone
 * (MicroProfile Config with {@code mcpool-cdi}, Spring Boot with the starter), found by {@code mcpool-config}
 * with {@link java.util.ServiceLoader}. Client credentials grant; for the authorization code grant, which needs
 * the application's user-agent step, build an {@link McpAuthorization} in Java.
 *
 * <p>Keys of the default identity (requests without a tenant), and of each tenant under
 * {@code tenants.<tenant>.}:
 * <ul>
 *   <li>{@code client-id}: the pre-registered client id (required);</li>
 *   <li>{@code client-secret}: its secret, or</li>
 *   <li>{@code private-key-file}: a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}, RSA or EC P-256) for
 *       {@code private_key_jwt}, with {@code key-id}: the {@code kid} the server knows its public key by;</li>
 *   <li>{@code token-endpoint-auth-method}: {@code client_secret_basic}, {@code client_secret_post} or
 *       {@code private_key_jwt} (by default chosen as {@link ClientRegistration} does);</li>
 *   <li>{@code scopes}: comma-separated scopes to always ask for.</li>
 * </ul>
 * And for the pool: {@code refresh-skew} (default 30s), {@code max-step-ups} (0..100, default 2),
 * {@code request-timeout} (default 10s). The authorization server's requests use the pool's TLS and proxy
 * settings. Values of secrets never appear in messages.
 */
public final class OAuthConfigKeys implements ConfiguredAuthProviderFactory {

    private static final List<String> IDENTITY_KEYS = List.of("client-id", "client-secret", "private-key-file", "key-id",
            "token-endpoint-auth-method", "scopes");
    private static final List<String> POOL_KEYS = List.of("refresh-skew", "max-step-ups", "request-timeout");
    private static final String TENANTS = "tenants.";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    /** For the ServiceLoader. */
    public OAuthConfigKeys() {
    }

    @Override
    public String group() {
        return "oauth";
    }

    @Override
    public AuthProvider create(PoolConfig config, Map<String, String> properties) {
        List<Violation> v = new ArrayList<>();
        Map<String, Map<String, String>> identities = new TreeMap<>();
        Map<String, String> pool = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(TENANTS)) {
                String rest = key.substring(TENANTS.length());
                int dot = rest.indexOf('.');
                if (dot <= 0 || !IDENTITY_KEYS.contains(rest.substring(dot + 1))) {
                    v.add(new Violation(key, Redactor.MASK, "is not an OAuth key; a tenant's keys are tenants.<tenant>."
                            + String.join(", tenants.<tenant>.", IDENTITY_KEYS)));
                    return;
                }
                identities.computeIfAbsent(rest.substring(0, dot), t -> new TreeMap<>()).put(rest.substring(dot + 1), value);
            } else if (IDENTITY_KEYS.contains(key)) {
                identities.computeIfAbsent("", t -> new TreeMap<>()).put(key, value);
            } else if (POOL_KEYS.contains(key)) {
                pool.put(key, value);
            } else {
                Set<String> known = new TreeSet<>(IDENTITY_KEYS);
                known.addAll(POOL_KEYS);
                // A misspelt key may hold a secret: its value is never shown.
                v.add(new Violation(key, Redactor.MASK, "is not an OAuth key; known: " + String.join(", ", known)
                        + ", and tenants.<tenant>.<key> for a tenant's own client"));
            }
        });
        if (identities.isEmpty()) {
            v.add(new Violation("client-id", "null", "is required (the pre-registered client id)"));
        }
        if (config.endpoint() == null) {
            v.add(new Violation("client-id", Redactor.MASK, "needs the pool's endpoint (OAuth protects HTTP servers)"));
        }
        McpAuthorization.Builder auth = McpAuthorization.builder();
        identities.forEach((tenant, keys) -> {
            ClientRegistration registration = registration(tenant.isEmpty() ? "" : TENANTS + tenant + ".", keys, v);
            if (registration != null) {
                auth.client(tenant, registration);
            }
        });
        Duration skew = duration(pool, "refresh-skew", v);
        if (skew != null) {
            auth.refreshSkew(skew);
        }
        Duration timeout = duration(pool, "request-timeout", v);
        if (timeout != null) {
            auth.requestTimeout(timeout);
        }
        String stepUps = pool.get("max-step-ups");
        if (stepUps != null) {
            try {
                int max = Integer.parseInt(stepUps.trim());
                if (max < 0 || max > 100) {
                    throw new NumberFormatException();
                }
                auth.maxStepUps(max);
            } catch (NumberFormatException e) {
                v.add(new Violation("max-step-ups", stepUps, "must be a whole number between 0 and 100"));
            }
        }
        if (!v.isEmpty()) {
            throw new InvalidConfigException(config.name(), v);
        }
        HttpClient.Builder http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout != null ? timeout : Duration.ofSeconds(10));
        if (config.tls() != null) {
            http.sslContext(config.tls().sslContext());
        }
        if (config.proxySelector() != null) {
            http.proxy(config.proxySelector());
        }
        return OAuthAuthProvider.of(auth.httpClient(http.build()).build(), config.endpoint());
    }

    private static ClientRegistration registration(String prefix, Map<String, String> keys, List<Violation> v) {
        int before = v.size();
        String clientId = keys.get("client-id");
        String secret = keys.get("client-secret");
        String keyFile = keys.get("private-key-file");
        if (clientId == null || clientId.isBlank()) {
            v.add(new Violation(prefix + "client-id", String.valueOf(clientId), "is required (the pre-registered client id)"));
        }
        if ((secret == null) == (keyFile == null)) {
            v.add(new Violation(prefix + (secret == null ? "client-secret" : "private-key-file"),
                    secret == null ? "null" : Redactor.MASK, "give exactly one of " + prefix + "client-secret and "
                            + prefix + "private-key-file"));
        } else if (secret != null && secret.isBlank()) {
            v.add(new Violation(prefix + "client-secret", Redactor.MASK, "must not be blank"));
        }
        if (keys.containsKey("key-id") && keyFile == null) {
            v.add(new Violation(prefix + "key-id", keys.get("key-id"), "applies only with " + prefix + "private-key-file"));
        }
        TokenEndpointAuth method = null;
        String methodText = keys.get("token-endpoint-auth-method");
        if (methodText != null) {
            String normal = methodText.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            method = Arrays.stream(TokenEndpointAuth.values()).filter(m -> m != TokenEndpointAuth.NONE
                    && m.value().equals(normal)).findFirst().orElse(null);
            if (method == null) {
                v.add(new Violation(prefix + "token-endpoint-auth-method", methodText,
                        "must be one of client_secret_basic, client_secret_post, private_key_jwt"));
            } else if ((method == TokenEndpointAuth.PRIVATE_KEY_JWT) != (keyFile != null)) {
                v.add(new Violation(prefix + "token-endpoint-auth-method", methodText, method == TokenEndpointAuth
                        .PRIVATE_KEY_JWT ? "needs " + prefix + "private-key-file" : "needs " + prefix + "client-secret"));
            }
        }
        PrivateKey key = keyFile == null ? null : privateKey(prefix, keyFile, v);
        if (v.size() > before) {
            return null;
        }
        ClientRegistration.Builder b = secret != null ? ClientRegistration.clientCredentials(clientId.trim(), secret)
                : ClientRegistration.clientCredentials(clientId.trim()).privateKeyJwt(key, keys.get("key-id"));
        if (method != null) {
            b.authMethod(method);
        }
        String scopes = keys.get("scopes");
        if (scopes != null && !scopes.isBlank()) {
            b.scopes(Arrays.stream(scopes.split("[,\\s]+")).filter(s -> !s.isEmpty()).toArray(String[]::new));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            v.add(new Violation(prefix + "client-id", clientId, Redactor.describe(e)));
            return null;
        }
    }

    /** Reads a PKCS#8 PEM private key; messages name the file, never its content. */
    private static PrivateKey privateKey(String prefix, String file, List<Violation> v) {
        String property = prefix + "private-key-file";
        String pem;
        try {
            pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            v.add(new Violation(property, file, "does not exist or cannot be read (" + file + ")"));
            return null;
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            v.add(new Violation(property, file, file + " must be a PKCS#8 PEM file (-----BEGIN PRIVATE KEY-----, unencrypted); "
                    + "convert a key with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem"));
            return null;
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            v.add(new Violation(property, file, file + " holds no valid base64 between its PEM lines"));
            return null;
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next
            }
        }
        v.add(new Violation(property, file, file + " holds neither an RSA nor an EC private key"));
        return null;
    }

    private static Duration duration(Map<String, String> keys, String key, List<Violation> v) {
        String text = keys.get(key);
        if (text == null) {
            return null;
        }
        String t = text.trim();
        Duration d = null;
        Matcher m = SHORT_DURATION.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } else {
                d = Duration.parse(t);
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            d = null;
        }
        boolean timeout = key.equals("request-timeout");
        if (d == null || d.isNegative() || (timeout && d.isZero()) || d.compareTo(Duration.ofHours(1)) > 0) {
            v.add(new Violation(key, text, "must be a duration " + (timeout ? "above 0" : "of 0 or more")
                    + " and at most 1h, such as 30s, 500ms or PT1M"));
            return null;
        }
        return d;
    }

    @Override
    public String toString() {
        return "OAuthConfigKeys[mcpool.<pool>.oauth.*]";
    }
}
