package dev.vmssrollout.api.reconciler;

import java.util.List;

/**
 * One round's outcome, for logs and tests.
 *
 * @param checked     non-terminal rollouts looked at
 * @param started     rollouts whose workflow this round started
 * @param unreachable Temporal did not answer; the round stopped early and the next one tries again
 */
public record Reconciliation(int checked, List<String> started, boolean unreachable) {
}
