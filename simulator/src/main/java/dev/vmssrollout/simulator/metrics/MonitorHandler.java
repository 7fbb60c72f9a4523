package dev.vmssrollout.simulator.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.simulator.ApplicationMetric;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.identity.AccessTokenCheck;
import dev.vmssrollout.simulator.compute.ArmError;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.compute.InstanceState;
import dev.vmssrollout.simulator.compute.PowerState;
import dev.vmssrollout.simulator.compute.ScaleSet;
import dev.vmssrollout.simulator.compute.ScaleSetRegistry;
import dev.vmssrollout.simulator.http.Handler;
import dev.vmssrollout.simulator.http.Request;
import dev.vmssrollout.simulator.http.Response;
import dev.vmssrollout.simulator.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure Monitor's metrics API for a scale set's VMs:
 * {@code GET {scaleSetId}/providers/Microsoft.Insights/metrics?metricnames=..&aggregation=..&timespan=start/end
 * &interval=PT1M|FULL&$filter=VMName eq '*'}, answered in Azure's shape ({@code value[].timeseries[]} with a
 * {@code VMName} dimension in {@code metadatavalues}). Without a filter, one time series aggregates every VM.
 * A VM named in the filter that reported nothing gets data points without values, as Azure shows a gap. A split
 * returns at most {@code top} series (default 10, as Azure).
 */
public final class MonitorHandler implements Handler {
    private static final String[] PATH = {"subscriptions", null, "resourceGroups", null, "providers",
        "Microsoft.Compute", "virtualMachineScaleSets", null, "providers", "Microsoft.Insights", "metrics"};
    private static final String DIMENSION = "VMName";
    private static final Pattern ONE_VM = Pattern.compile("\\s*VMName\\s+eq\\s+'([^']*)'\\s*", Pattern.CASE_INSENSITIVE);
    private static final Duration SMALLEST_GRAIN = Duration.ofMinutes(1);

    private final ScaleSetRegistry scaleSets;
    private final AccessTokenCheck tokens;

    public MonitorHandler(ScaleSetRegistry scaleSets, AccessTokenCheck tokens) {
        this.scaleSets = scaleSets;
        this.tokens = tokens;
    }

    public static boolean handles(Request request) {
        return request.segments().size() == PATH.length && request.pathStartsWith(PATH);
    }

    @Override
    public Response handle(Request request) {
        try {
            tokens.check(request);
            if (!"GET".equalsIgnoreCase(request.method())) {
                throw new ArmException(405, "MethodNotAllowed", "Only GET reads metrics.");
            }
            List<String> segments = request.segments();
            ScaleSet scaleSet = scaleSets.find(new ScaleSetKey(segments.get(1), segments.get(3), segments.get(7)))
                .orElseThrow(() -> ScaleSetRegistry.notFound(new ScaleSetKey(segments.get(1), segments.get(3),
                    segments.get(7))));
            return Response.json(200, answer(scaleSet, MetricsQuery.of(request, Instant.now())));
        } catch (ArmException e) {
            return AccessTokenCheck.challenge(Response.error(e.status(), e.error()), request.baseUrl());
        } catch (IllegalArgumentException e) {
            return Response.error(400, new ArmError("BadRequest", e.getMessage()));
        }
    }

    private static ObjectNode answer(ScaleSet scaleSet, MetricsQuery query) {
        ScaleSetKey key = scaleSet.key();
        List<InstanceState> instances = scaleSet.instances();
        Faults faults = scaleSet.faults();
        ObjectNode root = Json.object().put("cost", 0)
            .put("timespan", query.from() + "/" + query.to())
            .put("interval", query.full() ? "FULL" : query.grain().toString())
            .put("namespace", "Microsoft.Compute/virtualMachineScaleSets");
        ArrayNode value = root.putArray("value");
        for (ApplicationMetric metric : query.metrics()) {
            ObjectNode entry = value.addObject()
                .put("id", key.resourceId() + "/providers/Microsoft.Insights/metrics/" + metric.metricName())
                .put("type", "Microsoft.Insights/metrics");
            entry.putObject("name").put("value", metric.metricName()).put("localizedValue", metric.metricName());
            entry.put("displayDescription", "Simulated application metric " + metric.metricName())
                .put("unit", metric.unit());
            ArrayNode timeseries = entry.putArray("timeseries");
            if (query.vmNames() == null) {
                addSeries(timeseries, null, query, window -> aggregate(key, instances, faults, metric, window));
            } else {
                // As Azure: a split returns at most `top` series (default 10), so a caller must ask for enough.
                for (String vmName : namesToSplit(key, instances, query.vmNames()).stream().limit(query.top()).toList()) {
                    InstanceState vm = instances.stream().filter(i -> vmName(key, i).equalsIgnoreCase(vmName))
                        .findFirst().orElse(null);
                    addSeries(timeseries, vmName, query, window -> vm == null ? null
                        : InstanceMetrics.samples(key, vm, faults, metric, window[0], window[1]));
                }
            }
            entry.put("errorCode", "Success");
        }
        return root;
    }

    /** {@code '*'}: every VM with data, as Azure splits; named VMs: exactly those, gaps included. */
    private static List<String> namesToSplit(ScaleSetKey key, List<InstanceState> instances, List<String> asked) {
        if (asked.equals(List.of("*"))) {
            return instances.stream().filter(i -> i.powerState() == PowerState.RUNNING)
                .map(i -> vmName(key, i)).toList();
        }
        return asked;
    }

    private static InstanceMetrics.Samples aggregate(ScaleSetKey key, List<InstanceState> instances, Faults faults,
                                                     ApplicationMetric metric, Instant[] window) {
        InstanceMetrics.Samples all = null;
        for (InstanceState vm : instances) {
            InstanceMetrics.Samples one = InstanceMetrics.samples(key, vm, faults, metric, window[0], window[1]);
            if (one != null) {
                if (all == null) {
                    all = one;
                } else {
                    all.addAll(one);
                }
            }
        }
        return all;
    }

    private static void addSeries(ArrayNode timeseries, String vmName, MetricsQuery query,
                                  java.util.function.Function<Instant[], InstanceMetrics.Samples> samplesIn) {
        ObjectNode series = timeseries.addObject();
        ArrayNode metadata = series.putArray("metadatavalues");
        if (vmName != null) {
            ObjectNode dimension = metadata.addObject();
            dimension.putObject("name").put("value", DIMENSION).put("localizedValue", DIMENSION);
            dimension.put("value", vmName);
        }
        ArrayNode data = series.putArray("data");
        for (Instant[] window : query.windows()) {
            ObjectNode point = data.addObject().put("timeStamp", window[0].toString());
            InstanceMetrics.Samples samples = samplesIn.apply(window);
            if (samples == null || samples.isEmpty()) {
                continue; // a gap: Azure sends the time stamp alone
            }
            for (String aggregation : query.aggregations()) {
                switch (aggregation) {
                    case "average" -> point.put("average", samples.average());
                    case "minimum" -> point.put("minimum", samples.minimum());
                    case "maximum" -> point.put("maximum", samples.maximum());
                    case "total" -> point.put("total", samples.total());
                    case "count" -> point.put("count", samples.count());
                    default -> throw new IllegalStateException(aggregation);
                }
            }
        }
    }

    /** {@code <scale set>_<instance id>}, the VM name Azure gives a scale set's instance. */
    static String vmName(ScaleSetKey key, InstanceState vm) {
        return key.name() + "_" + vm.instanceId();
    }

    /** A metrics request's parameters, checked as Azure checks them. */
    record MetricsQuery(List<ApplicationMetric> metrics, List<String> aggregations, Instant from, Instant to,
                        Duration grain, boolean full, List<String> vmNames, int top) {

        static MetricsQuery of(Request request, Instant now) {
            if (request.queryParameter("api-version").isEmpty()) {
                throw new ArmException(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
            }
            String names = request.queryParameter("metricnames").orElse("");
            if (names.isBlank()) {
                throw new IllegalArgumentException("metricnames is required, e.g. metricnames=http_error_rate");
            }
            List<ApplicationMetric> metrics = Arrays.stream(names.split(",")).map(String::trim)
                .map(MetricsQuery::metric).toList();
            List<String> aggregations = Arrays.stream(request.queryParameter("aggregation").orElse("Average").split(","))
                .map(a -> a.trim().toLowerCase(Locale.ROOT)).toList();
            for (String aggregation : aggregations) {
                if (!List.of("average", "minimum", "maximum", "total", "count").contains(aggregation)) {
                    throw new IllegalArgumentException("Invalid aggregation '" + aggregation
                        + "': use Average, Minimum, Maximum, Total or Count");
                }
            }
            Instant[] span = timespan(request.queryParameter("timespan").orElse(null), now);
            String interval = request.queryParameter("interval").orElse("PT1M");
            boolean full = "FULL".equalsIgnoreCase(interval);
            Duration grain = full ? Duration.between(span[0], span[1]) : grain(interval);
            // Nothing is known of the future: a timespan that ends later is cut at now.
            Instant to = span[1].isAfter(now) ? now : span[1];
            return new MetricsQuery(metrics, aggregations, span[0], to.isAfter(span[0]) ? to : span[0], grain, full,
                vmNames(request.queryParameter("$filter").orElse(null)), top(request.queryParameter("top").orElse("10")));
        }

        /** Consecutive windows of one grain from {@code from}; one window for FULL. */
        List<Instant[]> windows() {
            if (full) {
                return List.<Instant[]>of(new Instant[]{from, to});
            }
            List<Instant[]> windows = new ArrayList<>();
            for (Instant start = from; start.isBefore(to); start = start.plus(grain)) {
                Instant end = start.plus(grain);
                windows.add(new Instant[]{start, end.isAfter(to) ? to : end});
            }
            return windows;
        }

        private static int top(String text) {
            try {
                int top = Integer.parseInt(text.trim());
                if (top >= 1) {
                    return top;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException("Invalid top '" + text + "': a positive number of time series");
        }

        private static ApplicationMetric metric(String name) {
            try {
                return ApplicationMetric.require(name);
            } catch (IllegalArgumentException e) {
                throw new ArmException(400, "BadRequest", "Failed to find metric configuration for provider: "
                    + "Microsoft.Compute, resource Type: virtualMachineScaleSets, metric: " + name
                    + ". Valid metrics: http_error_rate, http_latency_ms, Percentage CPU");
            }
        }

        private static Instant[] timespan(String text, Instant now) {
            if (text == null) {
                return new Instant[]{now.minus(Duration.ofHours(1)), now};
            }
            String[] parts = text.split("/");
            try {
                if (parts.length == 2) {
                    Instant from = Instant.parse(parts[0]);
                    Instant to = Instant.parse(parts[1]);
                    if (!from.isBefore(to)) {
                        throw new IllegalArgumentException("The timespan's start must be before its end: " + text);
                    }
                    return new Instant[]{from, to};
                }
            } catch (DateTimeParseException e) {
                // answered below
            }
            throw new IllegalArgumentException("Invalid timespan '" + text + "': use startISO/endISO, "
                + "e.g. 2026-01-01T00:00:00Z/2026-01-01T01:00:00Z");
        }

        private static Duration grain(String text) {
            try {
                Duration grain = Duration.parse(text);
                if (grain.compareTo(SMALLEST_GRAIN) < 0) {
                    throw new IllegalArgumentException("Invalid interval '" + text
                        + "': the smallest time grain is PT1M (or FULL for one data point over the timespan)");
                }
                return grain;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Invalid interval '" + text + "': use an ISO-8601 duration such as "
                    + "PT1M, or FULL");
            }
        }

        /** Null without a filter (one aggregated series); else {@code ["*"]} or the VM names asked for. */
        private static List<String> vmNames(String filter) {
            if (filter == null || filter.isBlank()) {
                return null;
            }
            List<String> names = new ArrayList<>();
            for (String clause : filter.split("(?i)\\s+or\\s+")) {
                Matcher matcher = ONE_VM.matcher(clause);
                if (!matcher.matches()) {
                    throw new IllegalArgumentException("Unsupported $filter '" + filter
                        + "': the simulator knows VMName eq '*' and VMName eq 'name' joined by or");
                }
                names.add(matcher.group(1));
            }
            return names.contains("*") ? List.of("*") : names.stream().distinct().toList();
        }
    }
}
