package io.mcpool.prometheus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (the Prometheus Java libraries have
 * writers only). It refuses what Prometheus would refuse: a malformed line, a sample outside its
 * family, a family declared twice, a sample whose name its family's type does not allow, a label
 * set repeated within a family, a value that is not a number.
 */
final class PromText {

    /** A metric family: its {@code # TYPE}, {@code # HELP} and samples. */
    record Family(String name, String type, String help, List<Sample> samples) {
    }

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {

        String label(String key) {
            return labels.get(key);
        }
    }

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    private PromText() {
    }

    /**
     * Scrapes a registry served by the Prometheus client's HTTP server, in the text format 0.0.4.
     *
     * @param client an HTTP client
     * @param port   the server's port on 127.0.0.1
     * @return the body
     * @throws IllegalStateException when the answer is not 200 in the text format
     */
    static String scrape(java.net.http.HttpClient client, int port) throws java.io.IOException, InterruptedException {
        java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Accept", "text/plain; version=0.0.4").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 200 || !type.startsWith("text/plain; version=0.0.4")) {
            throw new IllegalStateException("scrape answered " + response.statusCode() + " " + type);
        }
        return response.body();
    }

    /**
     * @param text a scrape's body
     * @return its families by name, in order
     * @throws IllegalArgumentException naming the line, when the text is not valid
     */
    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the text does not end with a line feed");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Family current = null;
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (helps.put(m.group(1), m.group(2)) != null) {
                    throw error(n, line, "a second HELP for " + m.group(1));
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                String name = m.group(1);
                if (families.containsKey(name)) {
                    throw error(n, line, "family " + name + " declared twice");
                }
                current = new Family(name, m.group(2), helps.get(name), new ArrayList<>());
                families.put(name, current);
            } else if (line.startsWith("#")) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (current == null || !belongs(name, current)) {
                    throw error(n, line, "sample " + name + " outside its family"
                            + (current == null ? "" : " (" + current.name() + ", " + current.type() + ")"));
                }
                Map<String, String> labels = labels(m.group(3), n, line);
                Sample sample = new Sample(name, labels, number(m.group(4), n, line));
                for (Sample other : current.samples()) {
                    if (other.name().equals(name) && other.labels().equals(labels)) {
                        throw error(n, line, "the same series twice");
                    }
                }
                current.samples().add(sample);
            } else {
                throw error(n, line, "not a comment, TYPE, HELP or sample line");
            }
        }
        return families;
    }

    private static boolean belongs(String sample, Family family) {
        String f = family.name();
        return switch (family.type()) {
            case "histogram" -> sample.equals(f + "_bucket") || sample.equals(f + "_count") || sample.equals(f + "_sum");
            case "summary" -> sample.equals(f) || sample.equals(f + "_count") || sample.equals(f + "_sum");
            default -> sample.equals(f);
        };
    }

    private static Map<String, String> labels(String body, int n, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return labels;
        }
        int at = 0;
        while (at < body.length()) {
            Matcher m = LABEL.matcher(body);
            if (!m.find(at) || m.start() != at) {
                throw error(n, line, "bad label at " + body.substring(at));
            }
            String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            if (labels.put(m.group(1), value) != null) {
                throw error(n, line, "label " + m.group(1) + " twice");
            }
            at = m.end();
            if (at < body.length()) {
                if (body.charAt(at) != ',') {
                    throw error(n, line, "expected ',' at " + body.substring(at));
                }
                at++;
            }
        }
        return labels;
    }

    private static double number(String s, int n, String line) {
        switch (s) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                try {
                    return Double.parseDouble(Objects.requireNonNull(s));
                } catch (NumberFormatException e) {
                    throw error(n, line, "not a number: " + s);
                }
        }
    }

    private static IllegalArgumentException error(int n, String line, String what) {
        return new IllegalArgumentException("line " + n + ": " + what + ": " + line);
    }
}
