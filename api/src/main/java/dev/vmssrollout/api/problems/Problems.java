package dev.vmssrollout.api.problems;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.util.List;

/** Builds the one problem shape every error of the API has. */
public final class Problems {

    /** The member that lists field-level reasons; present (maybe empty) on every 400 and 422. */
    public static final String VIOLATIONS = "violations";

    private Problems() {
    }

    public static ProblemDetail of(ProblemType type, String detail) {
        return of(type, type.status(), detail);
    }

    public static ProblemDetail of(ProblemType type, HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    public static ProblemDetail of(ProblemType type, String detail, List<FieldViolation> violations) {
        ProblemDetail problem = of(type, detail);
        problem.setProperty(VIOLATIONS, violations);
        return problem;
    }

    public static ProblemDetail of(ApiProblemException e) {
        ProblemDetail problem = of(e.type(), e.getMessage());
        if (!e.violations().isEmpty() || e.type().status().value() == 400 || e.type().status().value() == 422) {
            problem.setProperty(VIOLATIONS, e.violations());
        }
        e.properties().forEach(problem::setProperty);
        return problem;
    }
}
