package dev.vmssrollout.api.reconciler;

import dev.vmssrollout.api.temporal.RolloutWorkflows.Termination;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.InstanceStatus;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The last event of a rollout whose workflow was terminated in Temporal: TERMINATED, by whom and why, and what the
 * instances run according to a census taken after the termination. The wave that was in flight is closed
 * (CANCELLED) and its instances are recorded as the census found them, so the record claims nothing the rollout did
 * not see: an instance still upgrading stays UPGRADING, one back on the new image is HEALTHY only when Azure reports
 * it healthy.
 */
final class TerminationRecord {

    private TerminationRecord() {
    }

    static ProgressEvent of(RolloutDetails rollout, Termination termination, List<Instance> census, Instant at) {
        Image target = rollout.baseline() == null ? null : rollout.baseline().targetImage();
        Map<String, Instance> byId = census.stream().collect(Collectors.toMap(Instance::instanceId, Function.identity()));
        Optional<WaveDetails> inFlight = rollout.waves().stream()
                .filter(w -> w.state() == WaveState.UPGRADING || w.state() == WaveState.VERIFYING
                        || w.state() == WaveState.ROLLING_BACK)
                .findFirst();
        Map<String, InstanceState> instances = new LinkedHashMap<>();
        inFlight.ifPresent(wave -> wave.instances().forEach(status ->
                instances.put(status.instanceId(), observed(status, byId.get(status.instanceId()), target))));
        String message = EventType.TERMINATED.message(
                termination.identity() == null ? "a client that gave no identity" : termination.identity(),
                termination.reason() == null ? "no reason given" : termination.reason(), describe(census, target));
        return new ProgressEvent(rollout.id(), rollout.lastSeq() + 1, at, EventType.TERMINATED, termination.identity(),
                message, RolloutState.TERMINATED, inFlight.map(WaveDetails::index).orElse(null),
                inFlight.map(w -> WaveState.CANCELLED).orElse(null), instances, null, null);
    }

    private static InstanceState observed(InstanceStatus recorded, Instance now, Image target) {
        if (now == null) {
            return InstanceState.DELETED;
        }
        if (now.updating()) {
            return InstanceState.UPGRADING;
        }
        if (target == null || !target.sameAs(now.image())) {
            return recorded.state() == InstanceState.UPGRADING ? InstanceState.PENDING : recorded.state();
        }
        return now.health() == Instance.Health.HEALTHY && now.inService() ? InstanceState.HEALTHY : InstanceState.UNHEALTHY;
    }

    /** "6 instances run A, 2 run B (2 still upgrading)". */
    static String describe(List<Instance> census, Image target) {
        Map<String, Long> byImage = new TreeMap<>(census.stream()
                .collect(Collectors.groupingBy(i -> String.valueOf(i.image()), Collectors.counting())));
        StringBuilder text = new StringBuilder();
        byImage.forEach((image, count) -> text.append(text.isEmpty() ? count + " instances run " : ", " + count + " run ")
                .append(image));
        long upgrading = census.stream().filter(Instance::updating).count();
        if (upgrading > 0) {
            text.append(" (").append(upgrading).append(" still upgrading)");
        }
        if (target != null) {
            text.append("; the rollout's target was ").append(target);
        }
        return census.isEmpty() ? "the scale set has no instances" : text.toString();
    }
}
