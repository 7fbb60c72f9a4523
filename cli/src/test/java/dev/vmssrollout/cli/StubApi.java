package dev.vmssrollout.cli;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the API on a local port, serving canned answers (RFC 7807 problems, rollouts) and
 * recording every request. Answers for one endpoint are served in order; the last one repeats.
 */
final class StubApi implements AutoCloseable {

    record Request(String method, String path, String query, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();

    private StubApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static StubApi start() {
        try {
            return new StubApi();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    StubApi json(String method, String path, int status, String body) {
        return answer(method, path, new Answer(status, "application/json", body, Map.of()));
    }

    StubApi json(String method, String path, int status, String body, Map<String, String> headers) {
        return answer(method, path, new Answer(status, "application/json", body, headers));
    }

    StubApi problem(String method, String path, int status, String body) {
        return answer(method, path, new Answer(status, "application/problem+json", body, Map.of()));
    }

    StubApi text(String method, String path, int status, String contentType, String body) {
        return answer(method, path, new Answer(status, contentType, body, Map.of()));
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }

    private StubApi answer(String method, String path, Answer answer) {
        answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(answer);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body));
        Answer answer = next(exchange.getRequestMethod() + " " + path);
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private synchronized Answer next(String key) {
        Deque<Answer> queue = answers.get(key);
        if (queue == null || queue.isEmpty()) {
            return new Answer(599, "text/plain", "the stub has no answer for " + key, Map.of());
        }
        return queue.size() > 1 ? queue.poll() : queue.peek();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
