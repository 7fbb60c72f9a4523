package dev.vmssrollout.worker.health;

import java.util.Map;

/** One component's health: UP or DOWN, with a few details (never a secret). */
public record ComponentHealth(Status status, Map<String, Object> details) {

    public enum Status { UP, DOWN }

    public ComponentHealth {
        details = Map.copyOf(details);
    }

    public static ComponentHealth up(Map<String, Object> details) {
        return new ComponentHealth(Status.UP, details);
    }

    public static ComponentHealth down(String error) {
        return new ComponentHealth(Status.DOWN, Map.of("error", error == null ? "unknown" : error));
    }

    public boolean isUp() {
        return status == Status.UP;
    }
}
