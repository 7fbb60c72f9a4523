package dev.vmssrollout.api.problems;

import dev.vmssrollout.model.PlanRejectedException;
import dev.vmssrollout.model.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.List;
import java.util.UUID;

/**
 * Turns every failure into an RFC 7807 problem. Bad input is always a 4xx that names the field;
 * an unexpected error is a 500 with an id to find it in the log, never a stack trace in the body.
 */
@RestControllerAdvice
class ProblemsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemsAdvice.class);

    @ExceptionHandler(ApiProblemException.class)
    ResponseEntity<ProblemDetail> refused(ApiProblemException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.type().status());
        if (e.type() == ProblemType.DEPENDENCY_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "10");
        }
        if (e.properties().get(ApiProblemException.RETRY_AFTER_SECONDS) instanceof Number seconds) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds.longValue()));
        }
        return response.body(Problems.of(e));
    }

    @ExceptionHandler(PlanRejectedException.class)
    ResponseEntity<ProblemDetail> planRejected(PlanRejectedException e) {
        return refused(new ApiProblemException(ProblemType.PLAN_NOT_APPLICABLE, e.getMessage(),
                FieldViolation.of(e.violations())));
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailableException e) {
        log.warn("database unavailable: {}", e.getMessage());
        return refused(new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                "the rollout database cannot be reached; try again shortly"));
    }

    /**
     * The firewall checks header values and parameter names lazily, when they are first read, which may be in a
     * controller: a request it rejects there is bad input too, not a server failure.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
        return ResponseEntity.badRequest().body(RequestRejection.problem());
    }

    /** Only reached when a controller itself denies access; URL rules are answered by the security filters. */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return refused(new ApiProblemException(ProblemType.FORBIDDEN, "access denied"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, WebRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.error("unexpected error {} on {}", errorId, describe(request), e);
        ProblemDetail problem = Problems.of(ProblemType.INTERNAL,
                "an unexpected error occurred; quote error id " + errorId + " when reporting it");
        problem.setProperty("errorId", errorId);
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ApiProblemException problem = JsonErrors.translate(ex.getCause());
        return ResponseEntity.status(problem.type().status()).body(Problems.of(problem));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        String message = "'" + ex.getValue() + "' is not " + JsonErrors.expected(ex.getRequiredType());
        ApiProblemException problem = new ApiProblemException(ProblemType.INVALID_REQUEST, name + ": " + message,
                List.of(new FieldViolation(name, message)));
        return ResponseEntity.badRequest().body(Problems.of(problem));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(ProblemType.NOT_FOUND, "no such endpoint: " + describe(request)));
    }

    /** Every other Spring MVC failure (405, 415, 406, missing parameters...) keeps Spring's status and headers, in our shape. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemType type = switch (status.value()) {
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 400 -> ProblemType.INVALID_REQUEST;
            default -> status.is5xxServerError() ? ProblemType.INTERNAL : ProblemType.HTTP_ERROR;
        };
        if (status.is5xxServerError()) {
            log.error("request {} failed", describe(request), ex);
        }
        String detail = body instanceof ProblemDetail given && given.getDetail() != null ? given.getDetail() : ex.getMessage();
        if (type == ProblemType.METHOD_NOT_ALLOWED) {
            detail = describe(request) + " is not supported" + allowed(headers);
        }
        ProblemDetail problem = Problems.of(type, status, detail);
        if (status.value() == 400) {
            problem.setProperty(Problems.VIOLATIONS, List.of());
        }
        return super.handleExceptionInternal(ex, problem, headers, status, request);
    }

    private static String allowed(HttpHeaders headers) {
        return headers.getAllow().isEmpty() ? "" : "; allowed: " + headers.getAllow();
    }

    private static String describe(WebRequest request) {
        if (request instanceof ServletWebRequest servlet) {
            return servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI();
        }
        return request.getDescription(false);
    }
}
