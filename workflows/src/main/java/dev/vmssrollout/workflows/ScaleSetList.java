package dev.vmssrollout.workflows;

import java.util.List;

/**
 * The scale sets the worker can see where it was asked to look, ordered by resource group and name, at most
 * {@link #MAX_SCALE_SETS} of them ({@code truncated} when there were more: narrow the search to a resource group), or
 * ({@code refusal} not null) Azure refusing to list them for a reason the user can fix.
 */
public record ScaleSetList(List<ScaleSetSummary> scaleSets, boolean truncated, ScaleSetInspection.Refusal refusal) {

    /** Keeps the answer far below Temporal's payload limit (a summary is some 300 bytes of JSON). */
    public static final int MAX_SCALE_SETS = 1_000;

    public ScaleSetList {
        scaleSets = scaleSets == null ? List.of() : List.copyOf(scaleSets);
    }

    /** The first {@link #MAX_SCALE_SETS} of {@code listed}, saying whether there were more. */
    public static ScaleSetList of(List<ScaleSetSummary> listed) {
        boolean more = listed.size() > MAX_SCALE_SETS;
        return new ScaleSetList(more ? listed.subList(0, MAX_SCALE_SETS) : listed, more, null);
    }

    public static ScaleSetList refused(String failureType, String reason) {
        return new ScaleSetList(List.of(), false, new ScaleSetInspection.Refusal(failureType, reason));
    }
}
