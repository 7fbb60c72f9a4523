package dev.vmssrollout.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vmssrollout.simulator.compute.ArmError;
import dev.vmssrollout.simulator.json.Json;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The HTTPS listener on 127.0.0.1: decodes requests, hands them to a {@link Handler}, writes the answers. */
public final class SimulatorServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SimulatorServer.class.getName());
    private final HttpsServer server;
    private final ThreadPoolExecutor executor;

    private SimulatorServer(HttpsServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    public static SimulatorServer start(int port, SSLContext sslContext, int threads, Handler handler)
        throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext));
        AtomicInteger counter = new AtomicInteger();
        // Bounded both ways: a fixed number of handler threads and a bounded queue; overflow runs on the
        // accepting thread, which slows accepting down instead of dropping connections.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024), runnable -> {
                Thread thread = new Thread(runnable, "vmss-simulator-http-" + counter.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, handler));
        server.start();
        return new SimulatorServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = handler.handle(decode(exchange));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Unexpected failure serving " + exchange.getRequestURI(), e);
                response = Response.error(500, new ArmError(
                    "InternalServerError", "The simulator failed unexpectedly: " + e));
            }
            write(exchange, response);
        }
    }

    private static Request decode(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String rawPath = exchange.getRequestURI().getRawPath();
        List<String> segments = new ArrayList<>();
        Arrays.stream(rawPath.split("/"))
            .filter(segment -> !segment.isEmpty())
            .map(segment -> URLDecoder.decode(segment, StandardCharsets.UTF_8))
            .forEach(segments::add);
        String host = exchange.getRequestHeaders().getFirst("Host");
        String baseUrl = "https://" + (host != null ? host : "localhost:" + exchange.getLocalAddress().getPort()) + "/";
        return new Request(exchange.getRequestMethod(), rawPath, List.copyOf(segments),
            parseQuery(exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders(), body, baseUrl);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes = response.text() != null ? response.text().getBytes(StandardCharsets.UTF_8)
            : response.body() == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(response.body());
        if (response.body() != null) {
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        }
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
