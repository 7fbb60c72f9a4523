package dev.vmssrollout.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples a worker process's {@code /metrics} during a benchmark and keeps the extremes that show where it is
 * short: heap, free activity and workflow task slots, how long tasks waited for a slot, waits for a database
 * connection.
 */
final class WorkerScraper {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI metrics;
    double maxHeapBytes;
    double fewestFreeActivitySlots = Double.MAX_VALUE;
    double fewestFreeWorkflowTaskSlots = Double.MAX_VALUE;
    double longestActivityScheduleToStartSeconds;
    double longestWorkflowTaskScheduleToStartSeconds;
    double mostDatabaseWaiters;
    double maxThreads;
    int samples;

    WorkerScraper(URI metrics) {
        this.metrics = metrics;
    }

    synchronized void sample() {
        String scrape;
        try {
            scrape = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return; // a missed sample; the next one counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        samples++;
        sum(scrape, "jvm_memory_used_bytes", "area=\"heap\"").ifPresent(v -> maxHeapBytes = Math.max(maxHeapBytes, v));
        sum(scrape, "jvm_threads_live_threads", "").ifPresent(v -> maxThreads = Math.max(maxThreads, v));
        sum(scrape, "temporal_worker_task_slots_available", "worker_type=\"ActivityWorker\"")
                .ifPresent(v -> fewestFreeActivitySlots = Math.min(fewestFreeActivitySlots, v));
        sum(scrape, "temporal_worker_task_slots_available", "worker_type=\"WorkflowWorker\"")
                .ifPresent(v -> fewestFreeWorkflowTaskSlots = Math.min(fewestFreeWorkflowTaskSlots, v));
        max(scrape, "temporal_activity_schedule_to_start_latency_seconds_max")
                .ifPresent(v -> longestActivityScheduleToStartSeconds = Math.max(longestActivityScheduleToStartSeconds, v));
        max(scrape, "temporal_workflow_task_schedule_to_start_latency_seconds_max")
                .ifPresent(v -> longestWorkflowTaskScheduleToStartSeconds = Math.max(longestWorkflowTaskScheduleToStartSeconds, v));
        sum(scrape, "hikaricp_connections_pending", "").ifPresent(v -> mostDatabaseWaiters = Math.max(mostDatabaseWaiters, v));
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}. */
    private static OptionalDouble sum(String scrape, String name, String label) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        double sum = 0;
        boolean found = false;
        while (matcher.find()) {
            if (matcher.group(1) == null ? label.isEmpty() : matcher.group(1).contains(label)) {
                sum += Double.parseDouble(matcher.group(2));
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    private static OptionalDouble max(String scrape, String name) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        OptionalDouble max = OptionalDouble.empty();
        while (matcher.find()) {
            double value = Double.parseDouble(matcher.group(2));
            max = OptionalDouble.of(max.isPresent() ? Math.max(max.getAsDouble(), value) : value);
        }
        return max;
    }

    @Override
    public synchronized String toString() {
        return ("%d samples: fewest free activity slots %.0f, workflow task slots %.0f; longest schedule-to-start"
                + " activity %.2f s, workflow task %.2f s; most threads %.0f; most waiting for a DB connection %.0f")
                .formatted(samples, fewestFreeActivitySlots, fewestFreeWorkflowTaskSlots,
                        longestActivityScheduleToStartSeconds, longestWorkflowTaskScheduleToStartSeconds, maxThreads,
                        mostDatabaseWaiters);
    }
}
