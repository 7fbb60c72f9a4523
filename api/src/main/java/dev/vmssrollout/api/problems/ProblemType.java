package dev.vmssrollout.api.problems;

import org.springframework.http.HttpStatus;

import java.net.URI;

/**
 * Every kind of problem the API reports, with its status and title side by side. The type URI is
 * stable: clients may switch on it. Add constants; never rename one.
 */
public enum ProblemType {
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    FOUR_EYES(HttpStatus.FORBIDDEN, "Submitter may not approve"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    ACTIVE_ROLLOUT_EXISTS(HttpStatus.CONFLICT, "Scale set busy"),
    SCALE_SET_BUSY_IN_AZURE(HttpStatus.CONFLICT, "Scale set busy in Azure"),
    ROLLOUT_CONFLICT(HttpStatus.CONFLICT, "Rollout state does not allow this"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency key reused"),
    CALENDAR_CONFLICT(HttpStatus.CONFLICT, "Calendar in use or default already taken"),
    PAYLOAD_TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    SCALE_SET_NOT_FOUND(HttpStatus.UNPROCESSABLE_ENTITY, "Scale set not found"),
    PLAN_NOT_APPLICABLE(HttpStatus.UNPROCESSABLE_ENTITY, "Plan does not fit the scale set"),
    AZURE_ERROR(HttpStatus.BAD_GATEWAY, "Azure request failed"),
    DEPENDENCY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    HTTP_ERROR(HttpStatus.BAD_REQUEST, "Request failed"),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "Too many requests");

    private static final String PREFIX = "urn:vmss-rollout:problem:";

    private final HttpStatus status;
    private final String title;

    ProblemType(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(PREFIX + name().toLowerCase().replace('_', '-'));
    }
}
