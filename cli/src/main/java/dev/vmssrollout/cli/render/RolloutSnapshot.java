package dev.vmssrollout.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.cli.CliException;
import dev.vmssrollout.cli.ExitCode;
import dev.vmssrollout.cli.api.Json;

import java.util.List;
import java.util.Set;

/**
 * The parts of {@code GET /api/v1/rollouts/{id}} the CLI shows. States stay strings: a state a newer
 * API adds is shown as it is instead of failing the CLI. Wave indexes are 0-based, as in the API.
 */
public record RolloutSnapshot(String id, String state, String reason, Target target, String imageChange,
                              String submittedBy, Integer currentWave, Integer wavesTotal,
                              Integer waitingForApprovalWave, List<Wave> waves, List<String> skipped,
                              List<Event> events, Links links) {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "ROLLED_BACK", "TERMINATED");

    public RolloutSnapshot {
        waves = waves == null ? List.of() : List.copyOf(waves);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        events = events == null ? List.of() : List.copyOf(events);
    }

    public record Target(String subscriptionId, String resourceGroup, String scaleSet) {
        @Override
        public String toString() {
            return resourceGroup + "/" + scaleSet;
        }
    }

    public record Wave(int index, String label, String state, List<Instance> instances) {
        public Wave {
            instances = instances == null ? List.of() : List.copyOf(instances);
        }
    }

    public record Instance(String instanceId, String state) {
    }

    public record Event(long seq, String at, String type, String actor, String message, Integer wave) {
    }

    /** {@code temporalUi}: the rollout's workflow in the Temporal UI, when the API is configured with one. */
    public record Links(String self, String temporalUi) {
    }

    /** The rollout's workflow in the Temporal UI, or null. */
    public String temporalUi() {
        return links == null || links.temporalUi() == null || links.temporalUi().isBlank() ? null : links.temporalUi();
    }

    public static RolloutSnapshot of(JsonNode json) {
        try {
            RolloutSnapshot snapshot = Json.MAPPER.treeToValue(json, RolloutSnapshot.class);
            if (snapshot.id() == null || snapshot.state() == null) {
                throw new IllegalArgumentException("no id or state");
            }
            return snapshot;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "the API answered with something that is not a rollout ("
                    + e.getMessage() + "); is the API the same version as this CLI?", e);
        }
    }

    public boolean terminal() {
        return TERMINAL.contains(state);
    }

    public boolean succeeded() {
        return "SUCCEEDED".equals(state);
    }

    public Wave wave(int index) {
        return waves.stream().filter(w -> w.index() == index).findFirst().orElse(null);
    }

    public long lastSeq() {
        return events.stream().mapToLong(Event::seq).max().orElse(0);
    }

    /** Instances in the waves, skipped ones not included. */
    public int instanceCount() {
        return waves.stream().mapToInt(w -> w.instances().size()).sum();
    }

    /** Instances whose part in the rollout is over, well or not: neither pending nor upgrading. */
    public int instancesDone() {
        return (int) waves.stream().flatMap(w -> w.instances().stream())
                .filter(i -> !"PENDING".equals(i.state()) && !"UPGRADING".equals(i.state())).count();
    }

    public long wavesSucceeded() {
        return waves.stream().filter(w -> "SUCCEEDED".equals(w.state())).count();
    }
}
