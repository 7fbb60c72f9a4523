package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.InstanceState;

import java.util.List;
import java.util.Map;

/**
 * How a wave ended its health wait, the state of each of its instances at that moment, and what Azure said about
 * those that failed or turned unhealthy ({@code problems}: empty in histories recorded before it existed). A healthy
 * wave also brings every instance of the scale set as its last poll listed them ({@code census}; null when not
 * known, as in histories recorded before it existed): the census the next wave needs, without another VM list.
 */
public record WaveHealth(Outcome outcome, Map<String, InstanceState> instances, String detail,
                         Map<String, InstanceProblem> problems, List<Instance> census) {

    public enum Outcome { HEALTHY, UNHEALTHY, TIMED_OUT }

    public WaveHealth {
        problems = problems == null ? Map.of() : Map.copyOf(problems);
        census = census == null ? null : List.copyOf(census);
    }

    public WaveHealth(Outcome outcome, Map<String, InstanceState> instances, String detail) {
        this(outcome, instances, detail, null, null);
    }

    public WaveHealth withProblems(Map<String, InstanceProblem> found) {
        return new WaveHealth(outcome, instances, detail, found, census);
    }

    public WaveHealth withCensus(List<Instance> everyInstance) {
        return new WaveHealth(outcome, instances, detail, problems, everyInstance);
    }
}
