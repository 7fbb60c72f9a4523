package dev.vmssrollout.workflows;

import java.util.Locale;

/**
 * What the worker does with an approval or operator action that reaches a rollout workflow through
 * Temporal directly (UI, CLI, SDK client) instead of through the API: such a request carries only a
 * claimed name. Set with {@value #VARIABLE}; {@link #REFUSE} by default.
 */
public enum DirectActions {
    /** Refused with a visible reason: a warning in the worker log, the workflow's current details, and an event. */
    REFUSE,
    /**
     * Accepted and recorded with channel {@code temporal}; four-eyes applies to the claimed name. For
     * deployments whose Temporal namespace is itself access-controlled (mTLS with an authorizer, Temporal Cloud roles).
     */
    ACCEPT;

    public static final String VARIABLE = "VMSS_TEMPORAL_DIRECT_ACTIONS";

    public static DirectActions parse(String value) {
        if (value == null || value.isBlank()) {
            return REFUSE;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VARIABLE + " must be 'refuse' or 'accept', not '" + value + "'", e);
        }
    }
}
