package dev.vmssrollout.model;

/**
 * What Azure said about an instance that failed or turned unhealthy in a wave, as its instance view showed it: the
 * code and message of its failed provisioning state (e.g. {@code VMUpgradeFailed}), or of its health status, and its
 * application health. Only what Azure reported: a field it did not report is null.
 *
 * @param code    e.g. {@code VMUpgradeFailed} from {@code ProvisioningState/failed/VMUpgradeFailed}, or
 *                {@code HealthState/unhealthy}
 * @param message the status's message, if Azure gave one
 * @param health  the application health the instance reported (UNKNOWN when nothing reports it)
 */
public record InstanceProblem(String code, String message, Instance.Health health) {

    public InstanceProblem {
        health = health == null ? Instance.Health.UNKNOWN : health;
    }
}
