package dev.vmssrollout.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One curl command of README.md, understood well enough to send the same request from a test: user, method,
 * headers, body and URL. Options that only shape curl's own output ({@code -s -o -w -i}) are read and ignored.
 */
record Curl(String method, String url, String user, String password, List<String> headers, String body) {

    static final String README_API = "http://localhost:8080";

    static Curl parse(List<String> words) {
        if (words.isEmpty() || !words.get(0).equals("curl")) {
            throw new IllegalArgumentException("not a curl command: " + words);
        }
        String method = null;
        String url = null;
        String user = null;
        String password = null;
        String body = null;
        List<String> headers = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-s", "--silent", "-i", "-S", "-f" -> {
                }
                case "-o", "-w" -> i++;
                case "-X" -> method = words.get(++i);
                case "-u" -> {
                    String[] credentials = words.get(++i).split(":", 2);
                    user = credentials[0];
                    password = credentials.length > 1 ? credentials[1] : "";
                }
                case "-H" -> headers.add(words.get(++i));
                case "-d", "--data" -> body = words.get(++i);
                default -> {
                    if (!word.startsWith("http")) {
                        throw new IllegalArgumentException("curl option this test does not know: " + word + " in " + words);
                    }
                    url = word;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("curl without a URL: " + words);
        }
        // curl's own default: POST when there is a body, GET otherwise
        return new Curl(method != null ? method : body != null ? "POST" : "GET", url, user, password,
                List.copyOf(headers), body);
    }

    /**
     * Sends the request to {@code api} instead of README.md's http://localhost:8080, with the shell
     * variables ({@code $ID}) replaced by {@code variables}.
     */
    HttpResponse<String> send(URI api, Map<String, String> variables) {
        String target = url.replace(README_API, api.toString());
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            target = target.replace("$" + variable.getKey(), variable.getValue());
        }
        if (target.contains("$")) {
            throw new IllegalArgumentException("unset shell variable in " + target);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        for (String header : headers) {
            String[] nameAndValue = header.split(":", 2);
            request.header(nameAndValue[0].trim(), nameAndValue[1].trim());
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(method + " " + target + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
