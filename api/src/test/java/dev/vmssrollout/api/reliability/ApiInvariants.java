package dev.vmssrollout.api.reliability;

import dev.vmssrollout.api.e2e.LocalStack;
import dev.vmssrollout.db.testing.RolloutInvariants;
import dev.vmssrollout.db.testing.RolloutInvariants.ScaleSetFacts;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;

/** The suite's invariants for a rollout the API accepted: its rows in PostgreSQL, its scale set in the simulator. */
final class ApiInvariants {

    private ApiInvariants() {
    }

    static RolloutInvariants of(RolloutStore store, String rolloutId, ScaleSetKey key) {
        RolloutDetails rollout = store.find(rolloutId).orElseThrow();
        ScaleSetReport report = LocalStack.get().report(key);
        return RolloutInvariants.of(rollout, new ScaleSetFacts(report.capacity(), report.minInService(),
                report.upgradeCounts()));
    }
}
