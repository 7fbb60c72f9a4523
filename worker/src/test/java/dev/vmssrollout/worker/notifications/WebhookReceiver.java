package dev.vmssrollout.worker.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A local HTTP receiver for webhook tests: records every POST (path, Idempotency-Key, JSON body)
 * and answers 200, or the statuses queued for a path, one per request, the last one for good.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Received(String path, String idempotencyKey, String contentType, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Deque<Integer>> statuses = new ConcurrentHashMap<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readAllBytes();
                String path = exchange.getRequestURI().getPath();
                synchronized (this) {
                    received.add(new Received(path, exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                            exchange.getRequestHeaders().getFirst("Content-Type"), JSON.readTree(bytes)));
                }
                exchange.sendResponseHeaders(nextStatus(path), -1);
            }
        });
        server.start();
    }

    /** The receiver answers {@code codes} in turn on {@code path}, then keeps answering the last one. */
    public WebhookReceiver answering(String path, Integer... codes) {
        statuses.put(path, new ArrayDeque<>(List.of(codes)));
        return this;
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public synchronized List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public synchronized List<String> keys(String path) {
        return received(path).stream().map(Received::idempotencyKey).toList();
    }

    private int nextStatus(String path) {
        Deque<Integer> queued = statuses.get(path);
        if (queued == null || queued.isEmpty()) {
            return 200;
        }
        synchronized (queued) {
            return queued.size() > 1 ? queued.removeFirst() : queued.peekFirst();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
