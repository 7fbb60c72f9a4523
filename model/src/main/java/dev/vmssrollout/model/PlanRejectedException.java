package dev.vmssrollout.model;

import java.util.List;
import java.util.stream.Collectors;

/** A plan that cannot run as given, with every reason at once so the user fixes them in one go. */
public class PlanRejectedException extends RuntimeException {

    private final List<Violation> violations;

    public PlanRejectedException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public PlanRejectedException(Violation violation) {
        this(List.of(violation));
    }

    public List<Violation> violations() {
        return violations;
    }
}
