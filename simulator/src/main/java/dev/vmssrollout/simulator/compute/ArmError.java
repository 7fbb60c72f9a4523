package dev.vmssrollout.simulator.compute;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An error as ARM reports it: {@code {"error":{"code":..,"message":..,"target":..,"details":[..]}}}, target and
 * details only where Azure sends them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ArmError(String code, String message, String target, List<ArmError> details) {

    public ArmError(String code, String message) {
        this(code, message, null, List.of());
    }

    public ArmError {
        details = details == null ? List.of() : List.copyOf(details);
    }
}
