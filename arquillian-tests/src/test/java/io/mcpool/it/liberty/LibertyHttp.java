package io.mcpool.it.liberty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP to the managed Open Liberty server, and reading its MicroProfile Health and Metrics answers. */
final class LibertyHttp {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static final String BASE = "http://127.0.0.1:" + Integer.getInteger("liberty.http.port", 9080);

    private LibertyHttp() {
    }

    /** @return the server's answer to a GET of {@code path} (from the root, e.g. {@code /health/ready}) */
    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** @return the status of the named check in an MP Health JSON answer, or {@code absent} */
    static String checkStatus(String json, String name) {
        Matcher m = Pattern.compile("\\{[^{}]*\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"[^{}]*?\"status\"\\s*:\\s*\"(UP|DOWN)\"")
                .matcher(json.replaceAll("\"data\"\\s*:\\s*\\{[^{}]*\\}", "\"data\":0"));
        return m.find() ? m.group(1) : "absent";
    }

    /** @return the value of a Prometheus sample with label pool=&lt;pool&gt;, or -1 */
    static double metric(String prometheus, String name, String pool) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*pool=\"" + Pattern.quote(pool) + "\"[^}]*\\}\\s+(\\S+)")
                .matcher(prometheus);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
