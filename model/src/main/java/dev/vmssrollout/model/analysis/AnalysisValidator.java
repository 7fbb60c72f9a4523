package dev.vmssrollout.model.analysis;

import dev.vmssrollout.model.Violation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks an analysis' shape; the API answers every violation at once with a 400. */
public final class AnalysisValidator {

    public static final int MAX_CHECKS = 10;
    public static final int MAX_SAMPLES = 100;
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_INTERVAL = Duration.ofHours(1);
    public static final Set<String> AGGREGATIONS = Set.of("Average", "Minimum", "Maximum", "Total", "Count");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9\\-]{0,62}");
    // An Azure Monitor metric name: no comma (it would add a metric to metricnames), no control characters.
    private static final Pattern METRIC = Pattern.compile("[^,\\p{Cntrl}]{1,256}");

    private AnalysisValidator() {
    }

    /** Every problem with {@code analysis} (null: no analysis, nothing wrong), fields named under {@code prefix}. */
    public static List<Violation> validate(Analysis analysis, String prefix) {
        List<Violation> out = new ArrayList<>();
        if (analysis == null) {
            return out;
        }
        if (analysis.checks().isEmpty()) {
            out.add(new Violation(prefix + ".checks", "needs at least one check, e.g. {\"name\": \"errors\", "
                    + "\"provider\": \"azure-monitor\", \"metric\": \"http_error_rate\", \"condition\": \"< 0.05\"}"));
        }
        if (analysis.checks().size() > MAX_CHECKS) {
            out.add(new Violation(prefix + ".checks", "at most " + MAX_CHECKS + " checks"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < analysis.checks().size(); i++) {
            checkOne(analysis.checks().get(i), prefix + ".checks[" + i + "]", names, out);
        }
        if (analysis.interval() != null && (analysis.interval().compareTo(MIN_INTERVAL) < 0
                || analysis.interval().compareTo(MAX_INTERVAL) > 0)) {
            out.add(new Violation(prefix + ".interval", "must be between PT1S and PT1H"));
        }
        if (analysis.samples() != null && (analysis.samples() < 1 || analysis.samples() > MAX_SAMPLES)) {
            out.add(new Violation(prefix + ".samples", "must be between 1 and " + MAX_SAMPLES));
        }
        return out;
    }

    private static void checkOne(AnalysisCheck check, String field, Set<String> names, List<Violation> out) {
        if (check == null) {
            out.add(new Violation(field, "must be a check object, not null"));
            return;
        }
        if (check.name() == null || !NAME.matcher(check.name()).matches()) {
            out.add(new Violation(field + ".name", "must be 1-64 letters, digits, '_', '-' or '.', starting with a"
                    + " letter or digit"));
        } else if (!names.add(check.name())) {
            out.add(new Violation(field + ".name", "'" + check.name() + "' is used by another check"));
        }
        if (check.provider() == null || !PROVIDER.matcher(check.provider()).matches()) {
            out.add(new Violation(field + ".provider", check.provider() != null && check.provider().contains("://")
                    ? "names a provider configured on the worker (such as azure-monitor), never a URL"
                    : "must name a provider configured on the worker: lower-case letters, digits and '-', such as"
                    + " azure-monitor"));
        }
        boolean metric = check.metric() != null;
        boolean query = check.query() != null;
        if (metric == query) {
            out.add(new Violation(field, "give exactly one of metric (Azure Monitor) or query (PromQL)"));
        }
        if (metric && !METRIC.matcher(check.metric()).matches()) {
            out.add(new Violation(field + ".metric", "must be one Azure Monitor metric name (1-256 characters, no"
                    + " comma), such as http_error_rate or Percentage CPU"));
        }
        if (query && (check.query().isBlank() || check.query().length() > 2000)) {
            out.add(new Violation(field + ".query", "must be a PromQL expression of 1-2000 characters"));
        }
        if (check.aggregation() != null && !AGGREGATIONS.contains(check.aggregation())) {
            out.add(new Violation(field + ".aggregation", "must be one of Average, Minimum, Maximum, Total, Count"));
        }
        try {
            Condition.parse(check.condition());
        } catch (IllegalArgumentException e) {
            out.add(new Violation(field + ".condition", check.condition() == null
                    ? "is required, e.g. '< 0.05' or '<= baseline * 1.5'" : e.getMessage()));
        }
    }
}
