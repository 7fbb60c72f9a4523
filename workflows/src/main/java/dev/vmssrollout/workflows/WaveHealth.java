package dev.vmssrollout.workflows;

import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;

import java.util.Map;

/**
 * How a wave ended its health wait, the state of each of its instances at that moment, and what Azure said about
 * those that failed or turned unhealthy ({@code problems}: empty in histories recorded before it existed).
 */
public record WaveHealth(Outcome outcome, Map<String, InstanceState> instances, String detail,
                         Map<String, InstanceProblem> problems) {

    public enum Outcome { HEALTHY, UNHEALTHY, TIMED_OUT }

    public WaveHealth {
        problems = problems == null ? Map.of() : Map.copyOf(problems);
    }

    public WaveHealth(Outcome outcome, Map<String, InstanceState> instances, String detail) {
        this(outcome, instances, detail, null);
    }

    public WaveHealth withProblems(Map<String, InstanceProblem> found) {
        return new WaveHealth(outcome, instances, detail, found);
    }
}
