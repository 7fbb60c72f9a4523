package dev.vmssrollout.worker.analysis;

import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.Condition;
import dev.vmssrollout.model.analysis.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Judges one reading: the wave's value is the mean of its instances' values, the baseline the mean of the baseline
 * instances that reported. A wave instance without a value (nothing reported, NaN) makes the measurement
 * INCONCLUSIVE: an instance that went quiet may be the worst of them.
 */
final class CheckJudge {

    /** What the judge concluded, with the values it saw. */
    record Judgement(Map<String, Double> instanceValues, Double value, Double baseline, Verdict verdict, String reason) {
    }

    private CheckJudge() {
    }

    static Judgement judge(AnalysisCheck check, Map<String, Double> reported, List<String> waveVms,
                           List<String> baselineVms) {
        Map<String, Double> seen = new LinkedHashMap<>();
        List<String> silent = new ArrayList<>();
        double sum = 0;
        for (String vm : waveVms) {
            Double value = finite(reported.get(vm));
            seen.put(vm, value);
            if (value == null) {
                silent.add(vm + (reported.get(vm) == null ? "" : " (" + reported.get(vm) + ")"));
            } else {
                sum += value;
            }
        }
        OptionalDouble baseline = baselineVms.stream().map(vm -> {
            Double value = finite(reported.get(vm));
            seen.put(vm, value);
            return value;
        }).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).average();
        Double baselineValue = baseline.isPresent() ? baseline.getAsDouble() : null;
        if (waveVms.isEmpty()) {
            return new Judgement(seen, null, baselineValue, Verdict.INCONCLUSIVE, "the wave has no instances to measure");
        }
        if (!silent.isEmpty()) {
            return new Judgement(seen, null, baselineValue, Verdict.INCONCLUSIVE, check.name() + ": no value for "
                    + String.join(", ", silent));
        }
        double value = sum / waveVms.size();
        Condition condition = check.parsedCondition();
        OptionalDouble bound = condition.bound(baseline);
        if (bound.isEmpty()) {
            return new Judgement(seen, value, null, Verdict.INCONCLUSIVE, check.name() + ": no baseline to compare "
                    + format(value) + " with: " + (baselineVms.isEmpty() ? "no instance is left on the previous image"
                    : "none of the " + baselineVms.size() + " instances on the previous image reported " + metric(check)));
        }
        boolean holds = condition.holds(value, bound.getAsDouble());
        String comparison = check.name() + ": " + metric(check) + " " + format(value) + (holds ? " " : " is not ")
                + condition + (condition.againstBaseline() ? " (baseline " + format(baselineValue) + ")" : "")
                + " over " + waveVms.size() + " instance" + (waveVms.size() == 1 ? "" : "s");
        return new Judgement(seen, value, baselineValue, holds ? Verdict.PASS : Verdict.FAIL, comparison);
    }

    private static String metric(AnalysisCheck check) {
        return check.aggregation() + "(" + (check.metric() != null ? check.metric() : check.query()) + ")";
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }

    static String format(Double value) {
        return value == null ? "unknown" : String.format(java.util.Locale.ROOT, "%.4g", value);
    }
}
