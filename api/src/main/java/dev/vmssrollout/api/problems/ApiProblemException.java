package dev.vmssrollout.api.problems;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal the API means to give: carries its problem type, a detail for people and, for
 * field-level problems, the violations. Thrown by services, turned into RFC 7807 by {@link ProblemsAdvice}.
 */
public class ApiProblemException extends RuntimeException {

    /** A property that also becomes the answer's {@code Retry-After} header. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    private final ProblemType type;
    private final List<FieldViolation> violations;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblemException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ApiProblemException(ProblemType type, String detail, List<FieldViolation> violations) {
        super(detail);
        this.type = type;
        this.violations = List.copyOf(violations);
    }

    /** Adds a machine-readable member to the problem body (e.g. {@code activeRolloutId}). */
    public ApiProblemException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }
}
