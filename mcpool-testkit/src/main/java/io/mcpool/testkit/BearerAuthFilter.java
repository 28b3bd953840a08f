package io.mcpool.testkit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guard of a {@link TestMcpServer} with {@link BearerAuth}: serves the protected-resource metadata, checks
 * each request's bearer token, answers the challenges, and records what it saw. Runs before the traffic filter,
 * so refused requests never reach the MCP server or its counters.
 */
final class BearerAuthFilter implements Filter {

    static final String METADATA_ROOT = "/.well-known/oauth-protected-resource";

    private final BearerAuth auth;

    private final McpJsonMapper json;

    private volatile JWKSet keys;

    BearerAuthFilter(BearerAuth auth, McpJsonMapper json) {
        this.auth = auth;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = request.getRequestURI();
        if (path.startsWith(METADATA_ROOT)) {
            metadata(request, response, path);
            return;
        }
        byte[] body = "POST".equals(request.getMethod()) ? BufferedBodyRequest.readBody(request) : new byte[0];
        HttpServletRequest forward = "POST".equals(request.getMethod()) ? new BufferedBodyRequest(request, body)
                : request;
        String tool = toolOf(request, body);
        String token = bearerToken(request);
        if (!auth.demanding()) {
            auth.record(new SeenRequest(request.getMethod(), path, token, null, 0, tool));
            chain.doFilter(forward, response);
            return;
        }
        String resource = resourceOf(request);
        if (token == null) {
            refuse(request, response, path, null, null, tool, 401, null, null);
            return;
        }
        JWTClaimsSet claims = validate(token, resource);
        if (claims == null) {
            refuse(request, response, path, token, null, tool, 401, BearerTokenError.INVALID_TOKEN, null);
            return;
        }
        String clientId = stringClaim(claims, "client_id");
        Set<String> granted = scopes(claims);
        String needed = auth.toolScope(tool);
        if (needed != null && !granted.contains(needed)) {
            Set<String> wanted = new LinkedHashSet<>(granted);
            wanted.add(needed);
            refuse(request, response, path, token, clientId, tool, 403, BearerTokenError.INSUFFICIENT_SCOPE,
                    String.join(" ", wanted));
            return;
        }
        auth.record(new SeenRequest(request.getMethod(), path, token, clientId, 0, tool));
        chain.doFilter(forward, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String path, String token,
            String clientId, String tool, int status, BearerTokenError error, String scope) throws IOException {
        auth.record(new SeenRequest(request.getMethod(), path, token, clientId, status, tool));
        StringBuilder challenge = new StringBuilder("Bearer");
        String sep = " ";
        if (error != null) {
            challenge.append(sep).append("error=\"").append(error.getCode()).append('"');
            sep = ", ";
        }
        if (auth.challengeNamesMetadata()) {
            challenge.append(sep).append("resource_metadata=\"").append(origin(request)).append(METADATA_ROOT)
                    .append(SdkServers.MCP_PATH).append('"');
            sep = ", ";
        }
        String scopes = scope != null ? scope : String.join(" ", auth.scopesSupported());
        if (!scopes.isEmpty()) {
            challenge.append(sep).append("scope=\"").append(scopes).append('"');
        }
        response.setStatus(status);
        response.setHeader("WWW-Authenticate", challenge.toString());
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"error\":\"" + (error == null ? "unauthorized" : error.getCode())
                + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private void metadata(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        auth.recordMetadataRequest(path);
        boolean root = path.equals(METADATA_ROOT);
        boolean pathBased = path.equals(METADATA_ROOT + SdkServers.MCP_PATH);
        if (!"GET".equals(request.getMethod()) || !(root && auth.rootMetadata() || pathBased && auth.pathMetadata())) {
            response.sendError(404);
            return;
        }
        String resource = auth.advertisedResource() != null ? auth.advertisedResource() : resourceOf(request);
        Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("resource", resource);
        document.put("authorization_servers", List.of(auth.issuer()));
        if (!auth.scopesSupported().isEmpty()) {
            document.put("scopes_supported", auth.scopesSupported());
        }
        document.put("bearer_methods_supported", List.of("header"));
        response.setStatus(200);
        response.setContentType("application/json");
        response.getOutputStream().write(json.writeValueAsString(document).getBytes(StandardCharsets.UTF_8));
    }

    /** The claims of a token valid for {@code resource}, or {@code null}. */
    private JWTClaimsSet validate(String token, String resource) {
        try {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                    new ImmutableJWKSet<>(keys())));
            DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(resource,
                    new JWTClaimsSet.Builder().issuer(auth.issuer()).build(), Set.of("exp", "sub"));
            verifier.setMaxClockSkew(0);
            processor.setJWTClaimsSetVerifier(verifier);
            return processor.process(token, null);
        } catch (Exception invalid) {
            return null;
        }
    }

    private JWKSet keys() throws IOException, java.text.ParseException {
        JWKSet loaded = keys;
        if (loaded == null) {
            loaded = JWKSet.load(auth.jwksUri().toURL(), 5000, 5000, 1 << 20);
            keys = loaded;
        }
        return loaded;
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        String scope = stringClaim(claims, "scope");
        return scope == null ? Set.of() : new LinkedHashSet<>(Scope.parse(scope).toStringList());
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value == null ? null : value.toString();
    }

    private static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    private String toolOf(HttpServletRequest request, byte[] body) {
        if (body.length == 0) {
            return null;
        }
        return InboundMessage.parse(json, BufferedBodyRequest.text(request, body)).stream()
                .filter(m -> m.isRequest() && m.is("tools/call")).map(InboundMessage::toolName).findFirst()
                .orElse(null);
    }

    static String origin(HttpServletRequest request) {
        return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
    }

    /** This server's resource identifier: its MCP endpoint URL as the client dialled it. */
    static String resourceOf(HttpServletRequest request) {
        return origin(request) + SdkServers.MCP_PATH;
    }
}
