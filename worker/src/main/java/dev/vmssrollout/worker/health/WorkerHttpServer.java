package dev.vmssrollout.worker.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The worker's own small HTTP endpoint, for orchestrators and Prometheus (the worker has no web
 * framework, and needs none for four read-only paths):
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process runs;</li>
 *   <li>{@code GET /health/ready}: 200 once the worker polls and PostgreSQL and Temporal answer, else 503;</li>
 *   <li>{@code GET /health}: every component (PostgreSQL, Temporal, Azure, the pollers), 200 or 503;</li>
 *   <li>{@code GET /metrics}: every meter, in Prometheus' text format.</li>
 * </ul>
 * Health bodies look like Spring Boot Actuator's: {@code {"status":"UP","components":{"postgresql":{"status":"UP",...}}}}.
 */
public final class WorkerHttpServer implements AutoCloseable {

    public static final String PORT_VARIABLE = "VMSS_ROLLOUT_WORKER_HTTP_PORT";
    public static final int DEFAULT_PORT = 8081;
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(WorkerHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;

    private WorkerHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Port 0 picks a free port (tests); read it back with {@link #port()}. */
    public static WorkerHttpServer start(InetSocketAddress address, WorkerHealth health, PrometheusMeterRegistry metrics)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "worker-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health/live", exactly("/health/live", () -> json(200, Map.of("status", "UP"))));
        server.createContext("/health/ready", exactly("/health/ready", () -> health(health.ready())));
        server.createContext("/health", exactly("/health", () -> health(health.all())));
        server.createContext("/metrics", exactly("/metrics",
                () -> new Response(200, PROMETHEUS_TEXT, metrics.scrape().getBytes(StandardCharsets.UTF_8))));
        server.createContext("/", exchange -> respond(exchange, json(404, Map.of("error", "not found"))));
        server.start();
        return new WorkerHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Response(int status, String contentType, byte[] body) {
    }

    private static Response health(Map<String, ComponentHealth> components) {
        boolean up = WorkerHealth.allUp(components);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        Map<String, Object> parts = new LinkedHashMap<>();
        components.forEach((name, health) -> {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("status", health.status().name());
            if (!health.details().isEmpty()) {
                part.put("details", health.details());
            }
            parts.put(name, part);
        });
        body.put("components", parts);
        return json(up ? 200 : 503, body);
    }

    private static Response json(int status, Object body) {
        try {
            return new Response(status, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK server matches contexts by prefix: /health must not answer /health/anything. */
    private static HttpHandler exactly(String path, Supplier<Response> response) {
        return exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                respond(exchange, json(404, Map.of("error", "not found")));
            } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                respond(exchange, json(405, Map.of("error", "method not allowed")));
            } else {
                try {
                    respond(exchange, response.get());
                } catch (RuntimeException e) {
                    log.warn("{} failed: {}", path, e.toString());
                    respond(exchange, json(500, Map.of("error", String.valueOf(e.getMessage()))));
                }
            }
        };
    }

    private static void respond(HttpExchange exchange, Response response) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }
}
