package dev.vmssrollout.api.problems;

import dev.vmssrollout.model.Violation;

import java.util.List;

/** One reason a request is refused: the field at fault (a JSON path such as {@code strategy.batchSize}) and what to fix. */
public record FieldViolation(String field, String message) {

    public static FieldViolation of(Violation violation) {
        return new FieldViolation(violation.field(), violation.message());
    }

    public static List<FieldViolation> of(List<Violation> violations) {
        return violations.stream().map(FieldViolation::of).toList();
    }
}
