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
 * API adds is shown as it is instead of failing the CLI. Wave indexes are 0-based, as in the API; people see
 * {@link Wave#number()}, counted from 1. {@code bakeAnalysis}: the samples a release took while its stage baked.
 */
public record RolloutSnapshot(String id, String state, String reason, Target target, String imageChange,
                              String submittedBy, Integer currentWave, Integer wavesTotal,
                              Integer waitingForApprovalWave, List<Wave> waves, List<String> skipped,
                              List<Event> events, Links links, Timing timing, List<Measurement> bakeAnalysis) {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "ROLLED_BACK", "TERMINATED");

    public RolloutSnapshot {
        waves = waves == null ? List.of() : List.copyOf(waves);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        events = events == null ? List.of() : List.copyOf(events);
        bakeAnalysis = bakeAnalysis == null ? List.of() : List.copyOf(bakeAnalysis);
    }

    public record Target(String subscriptionId, String resourceGroup, String scaleSet) {
        @Override
        public String toString() {
            return resourceGroup + "/" + scaleSet;
        }
    }

    public record Wave(int index, String label, String state, List<Instance> instances, Long elapsedSeconds,
                       List<Measurement> analysis) {
        public Wave {
            instances = instances == null ? List.of() : List.copyOf(instances);
            analysis = analysis == null ? List.of() : List.copyOf(analysis);
        }

        /** The 1-based wave number people read everywhere ("wave 2/5" is index 1). */
        public int number() {
            return index + 1;
        }
    }

    /** Times as the API computes them (see its {@code timing}); any part may be missing from an older API. */
    public record Timing(String startedAt, String endedAt, Long elapsedSeconds, Long approvalWaitSeconds,
                         Long waitingForApprovalSeconds, Long observedWaveSeconds, Long estimatedRemainingSeconds,
                         String estimatedEndAt, Integer approvalsAhead) {
    }

    /** @param problem what Azure said about it when its wave found it failed or unhealthy; null otherwise */
    public record Instance(String instanceId, String state, Problem problem) {

        public Instance(String instanceId, String state) {
            this(instanceId, state, null);
        }
    }

    /** Azure's code and message for a failed or unhealthy instance, and the health it reported. */
    public record Problem(String code, String message, String health) {
    }

    /**
     * One metric analysis measurement of a wave, as the API keeps it: {@code verdict} PASS, FAIL or INCONCLUSIVE,
     * {@code reason} the comparison made or why none could be.
     */
    public record Measurement(String analysisStartedAt, int sample, String check, String provider, Double value,
                              Double baseline, String condition, String verdict, String reason) {
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

    /**
     * Instances done well: upgraded and healthy (or, in a rollback, back on the previous image). Unhealthy and failed
     * instances are not done: counting them would show a failed rollout as nearly finished.
     */
    public int instancesDone() {
        return (int) waves.stream().flatMap(w -> w.instances().stream())
                .filter(i -> "HEALTHY".equals(i.state()) || "ROLLED_BACK".equals(i.state())).count();
    }

    /** The wave that failed last, if any: what a failure banner names. */
    public Wave failedWave() {
        Wave failed = null;
        for (Wave wave : waves) {
            if ("FAILED".equals(wave.state())) {
                failed = wave;
            }
        }
        return failed;
    }

    public long wavesSucceeded() {
        return waves.stream().filter(w -> "SUCCEEDED".equals(w.state())).count();
    }
}
