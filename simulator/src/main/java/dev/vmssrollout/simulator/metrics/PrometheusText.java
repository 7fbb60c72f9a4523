package dev.vmssrollout.simulator.metrics;

import dev.vmssrollout.simulator.ApplicationMetric;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.compute.InstanceState;
import dev.vmssrollout.simulator.compute.ScaleSet;

import java.time.Instant;
import java.util.List;

/**
 * A scale set's application metrics in the Prometheus text exposition format (version 0.0.4), one sample per running
 * instance, labelled with the VM name, instance ID and image, for a Prometheus server to scrape.
 */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String render(ScaleSet scaleSet, Instant now) {
        ScaleSetKey key = scaleSet.key();
        List<InstanceState> instances = scaleSet.instances();
        Faults faults = scaleSet.faults();
        StringBuilder text = new StringBuilder();
        for (ApplicationMetric metric : ApplicationMetric.values()) {
            String name = metric.prometheusName();
            text.append("# HELP ").append(name).append(' ').append("Simulated ").append(metric.metricName())
                .append(" of each running instance\n");
            text.append("# TYPE ").append(name).append(" gauge\n");
            for (InstanceState vm : instances) {
                Double value = InstanceMetrics.now(key, vm, faults, metric, now);
                if (value != null) {
                    text.append(name).append("{vm=\"").append(escape(MonitorHandler.vmName(key, vm)))
                        .append("\",instance_id=\"").append(escape(vm.instanceId()))
                        .append("\",scale_set=\"").append(escape(key.name()))
                        .append("\",image=\"").append(escape(vm.image().label())).append("\"} ")
                        .append(value).append('\n');
                }
            }
        }
        return text.toString();
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
