package dev.vmssrollout.workflows;

/** Azure's upgradePolicy.mode values, and what they mean for a rollout. */
final class UpgradePolicies {

    static final String MANUAL = "Manual";

    private UpgradePolicies() {
    }

    /**
     * Automatic and Rolling make Azure apply a model change to the instances itself, outside the
     * rollout's waves: a rollout must not change the model under either.
     */
    static boolean appliesModelItself(String policy) {
        return "Automatic".equalsIgnoreCase(policy) || "Rolling".equalsIgnoreCase(policy);
    }

    static String refusal(String policy) {
        String consequence = "Rolling".equalsIgnoreCase(policy)
                ? "changing the model would start Azure's own rolling upgrade of every instance, outside this "
                        + "rollout's waves, approvals and health gates"
                : "changing the model would upgrade every instance at once (downtime)";
        return "the scale set's upgrade policy is " + policy + ": " + consequence
                + ". Set the upgrade policy to Manual, or resubmit with allowPolicySwitch=true so the rollout "
                + "switches it to Manual and restores it afterwards";
    }
}
