package io.mcpool.oauth;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends Nimbus's requests over the JDK {@link HttpClient} the application gave (its TLS trust, proxy and
 * executor), never following redirects: a credential goes to the URL it was meant for or nowhere.
 */
final class OAuthHttp {

    private final HttpClient client;

    private final Duration timeout;

    OAuthHttp(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    HTTPResponse send(HTTPRequest request) {
        URI uri = request.getURI();
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).timeout(timeout);
        for (Map.Entry<?, ?> header : ((Map<?, ?>) request.getHeaderMap()).entrySet()) {
            for (Object value : (List<?>) header.getValue()) {
                out.header((String) header.getKey(), (String) value);
            }
        }
        String body = request.getBody();
        switch (request.getMethod()) {
            case GET -> out.GET();
            case POST -> out.POST(body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            default -> throw new IllegalArgumentException("unsupported method " + request.getMethod());
        }
        HttpResponse<String> response;
        try {
            response = client.send(out.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OAuthException("request to " + Urls.safe(uri) + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuthException("interrupted while waiting for " + Urls.safe(uri));
        }
        HTTPResponse in = new HTTPResponse(response.statusCode());
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                in.setHeader(name, values.toArray(String[]::new));
            }
        });
        in.setBody(response.body());
        return in;
    }

    HTTPResponse get(URI uri) {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, uri);
        request.setAccept("application/json");
        return send(request);
    }
}
