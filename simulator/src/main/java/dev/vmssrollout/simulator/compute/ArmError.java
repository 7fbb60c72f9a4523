package dev.vmssrollout.simulator.compute;

/** An error as ARM reports it: {@code {"error":{"code":..,"message":..}}}. */
public record ArmError(String code, String message) {
}
