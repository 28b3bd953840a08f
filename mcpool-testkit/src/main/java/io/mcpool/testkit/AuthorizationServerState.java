package io.mcpool.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/** What a {@link TestAuthorizationServer} is set to and what it recorded. Thread-safe. */
final class AuthorizationServerState {

    private volatile Duration tokenLifetime;

    private volatile String misreportedIssuer;

    final List<String> codeChallengeMethods;

    final boolean dynamicRegistration;

    final boolean clientIdMetadataDocuments;

    final SSLContext documentTrust;

    private final List<TokenRequestRecord> tokenRequests = new ArrayList<>();

    private final List<String> discoveryRequests = new ArrayList<>();

    private final List<String> issuedRefreshTokens = new ArrayList<>();

    private final List<String> registeredClients = new ArrayList<>();

    private final List<String> fetchedDocuments = new ArrayList<>();

    AuthorizationServerState(Duration tokenLifetime, List<String> codeChallengeMethods, boolean dynamicRegistration,
            boolean clientIdMetadataDocuments, SSLContext documentTrust) {
        this.tokenLifetime = tokenLifetime;
        this.codeChallengeMethods = List.copyOf(codeChallengeMethods);
        this.dynamicRegistration = dynamicRegistration;
        this.clientIdMetadataDocuments = clientIdMetadataDocuments;
        this.documentTrust = documentTrust;
    }

    static Duration checkLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.getSeconds() < 1 || lifetime.getNano() != 0) {
            throw new IllegalArgumentException("tokenLifetime must be whole seconds, at least 1s, was " + lifetime);
        }
        return lifetime;
    }

    Duration tokenLifetime() {
        return tokenLifetime;
    }

    void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = checkLifetime(lifetime);
    }

    String misreportedIssuer() {
        return misreportedIssuer;
    }

    void misreportedIssuer(String issuer) {
        this.misreportedIssuer = issuer;
    }

    synchronized void tokenRequest(TokenRequestRecord record) {
        tokenRequests.add(record);
    }

    synchronized List<TokenRequestRecord> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    synchronized void issuedRefreshToken(String token) {
        issuedRefreshTokens.add(token);
    }

    synchronized List<String> issuedRefreshTokens() {
        return List.copyOf(issuedRefreshTokens);
    }

    synchronized void discoveryRequest(String path) {
        discoveryRequests.add(path);
    }

    synchronized List<String> discoveryRequests() {
        return List.copyOf(discoveryRequests);
    }

    synchronized String registered() {
        String id = "dcr-client-" + (registeredClients.size() + 1);
        registeredClients.add(id);
        return id;
    }

    synchronized List<String> registeredClients() {
        return List.copyOf(registeredClients);
    }

    synchronized void fetchedDocument(String url) {
        fetchedDocuments.add(url);
    }

    synchronized List<String> fetchedDocuments() {
        return List.copyOf(fetchedDocuments);
    }

    synchronized void reset() {
        tokenRequests.clear();
        discoveryRequests.clear();
        fetchedDocuments.clear();
    }
}
