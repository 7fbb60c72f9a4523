package dev.vmssrollout.worker.analysis;

import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.Simulator;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server (Debian's {@code prometheus}, which {@code .ci/run} installs) on a free loopback port, in a
 * temporary directory, with the scrape configuration a test gives it. Without the binary a test is skipped on a
 * developer machine and FAILS when the environment variable {@code CI} is {@code true}: CI installs it, so its absence
 * there is a broken build, as for the Temporal CLI.
 */
public final class PrometheusServer implements AutoCloseable {

    static final String INSTALL_COMMAND = "apt-get install -y --no-install-recommends prometheus";

    private final Process process;
    private final Path directory;
    private final URI url;

    private PrometheusServer(Process process, Path directory, URI url) {
        this.process = process;
        this.directory = directory;
        this.url = url;
    }

    /** The binary: {@code VMSS_PROMETHEUS}, else {@code prometheus} on PATH, else Debian's {@code /usr/bin/prometheus}. */
    static Optional<Path> binary() {
        String configured = System.getenv("VMSS_PROMETHEUS");
        Stream<Path> candidates = configured != null && !configured.isBlank() ? Stream.of(Path.of(configured))
                : Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "prometheus")),
                Stream.of(Path.of("/usr/bin/prometheus")));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    /** The binary; without it the test fails in CI and is skipped elsewhere. Call it first, before anything slow. */
    public static Path required() {
        Optional<Path> binary = binary();
        if (binary.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but Prometheus is not installed: " + INSTALL_COMMAND
                        + " (.ci/run does), or set VMSS_PROMETHEUS");
            }
            Assumptions.abort("needs Prometheus (" + INSTALL_COMMAND + "): not installed here");
        }
        return binary.get();
    }

    /** Starts Prometheus with {@code scrapeConfigs} (YAML under {@code scrape_configs:}) and waits until it is ready. */
    public static PrometheusServer start(String scrapeConfigs) {
        Path binary = required();
        try {
            Path directory = Files.createTempDirectory("vmss-prometheus-");
            Path config = Files.writeString(directory.resolve("prometheus.yml"), "scrape_configs:\n" + scrapeConfigs);
            int port = freePort();
            Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(directory.resolve("prometheus.log").toFile()).start();
            PrometheusServer server = new PrometheusServer(process, directory, URI.create("http://127.0.0.1:" + port));
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .failFast("Prometheus exited: see " + directory.resolve("prometheus.log"), () -> !process.isAlive())
                        .until(server::ready);
            } catch (RuntimeException | AssertionError e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Prometheus", e);
        }
    }

    public URI url() {
        return url;
    }

    /** A scrape job (YAML under {@code scrape_configs:}) of one simulated scale set's Prometheus metrics, every second. */
    public static String simulatorScrapeJob(Simulator simulator, ScaleSetKey scaleSet) {
        return scrapeJob(simulator, scaleSet, "");
    }

    /**
     * As {@link #simulatorScrapeJob}, without the {@code image} label, as docs/analysis.md advises: a VM keeps one series
     * across its upgrade, so that a range query over the upgrade does not see two series for it (INCONCLUSIVE).
     */
    public static String simulatorScrapeJobAcrossUpgrades(Simulator simulator, ScaleSetKey scaleSet) {
        return scrapeJob(simulator, scaleSet, "    metric_relabel_configs: [{action: labeldrop, regex: image}]\n");
    }

    private static String scrapeJob(Simulator simulator, ScaleSetKey scaleSet, String more) {
        return """
                  - job_name: %s
                    scrape_interval: 1s
                    scrape_timeout: 1s
                    scheme: https
                    tls_config: {ca_file: '%s'}
                    metrics_path: /simulator/v1/subscriptions/%s/resourceGroups/%s/virtualMachineScaleSets/%s/metrics
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(scaleSet.name(), simulator.certificatePem().toAbsolutePath(), scaleSet.subscriptionId(),
                scaleSet.resourceGroup(), scaleSet.name(), simulator.port()) + more;
    }

    /**
     * Waits until Prometheus holds a sample of {@code metric} from each of {@code jobs}: a ready server has not
     * necessarily scraped yet, and a query before its first scrape finds nothing (INCONCLUSIVE).
     */
    public void awaitScraped(String metric, String... jobs) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String job : jobs) {
                String query = "count(" + metric + "{job=\"" + job + "\"})";
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve(
                        "/api/v1/query?query=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200 || !answer.body().contains("\"value\"")) {
                    return false;
                }
            }
            return true;
        });
    }

    private boolean ready() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.resolve("/-/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
            for (Path file : deepestFirst) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail the test
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}
