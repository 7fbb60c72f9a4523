package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.RoleDefinition;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.worker.RolloutWorker.WorkerTuning;
import dev.vmssrollout.workflows.testing.TestTemporal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker needs no more than the custom role docs/azure.md tells users to create: against a simulator that checks
 * every request as Azure's role-based access control does, with that role (read from the page), whole rollouts
 * succeed, a policy switch included. The model change is a PATCH of the image alone; a full PUT would need the
 * network join actions the role leaves out (403 LinkedAuthorizationFailed).
 */
class DocumentedRoleTest {

    /** Two small rollouts take seconds; the machine the suite runs on may be busy. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    @Test
    void rolloutsSucceedWithTheDocumentedRoleAlone() {
        try (WorkerStack stack = withRole(documentedRole())) {
            ScaleSetKey manual = stack.scaleSet("manual", demoScaleSet());
            ScaleSetKey automatic = stack.scaleSet("automatic", demoScaleSet().upgradePolicy(UpgradeMode.AUTOMATIC));

            String plain = stack.submit(aPlanFor(manual).build(), "alice");
            String switched = stack.submit(aPlanFor(automatic).allowingPolicySwitch().build(), "alice");

            assertThat(stack.awaitRollout(plain, PATIENCE, r -> r.state().isTerminal()).state()).isEqualTo(RolloutState.SUCCEEDED);
            assertThat(stack.awaitRollout(switched, PATIENCE, r -> r.state().isTerminal()).state())
                    .isEqualTo(RolloutState.SUCCEEDED);
            assertThat(stack.upgraded(manual)).hasSize(20).allSatisfy((instance, times) -> assertThat(times).isOne());
            assertThat(stack.report(manual).armRequests("PutScaleSet")).as("no full PUT").isZero();
        }
    }

    @Test
    void aRoleWithoutManualUpgradeStopsTheRolloutWithAzuresReasonBeforeAnyInstanceIsTouched() {
        RoleDefinition documented = documentedRole();
        List<String> withoutUpgrade = new ArrayList<>(documented.actions());
        withoutUpgrade.remove("Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action");
        try (WorkerStack stack = withRole(new RoleDefinition("no upgrades", withoutUpgrade, List.of()))) {
            ScaleSetKey web = stack.scaleSet("web", demoScaleSet());

            String id = stack.submit(aPlanFor(web).build(), "alice");
            RolloutDetails stopped = stack.awaitRollout(id, PATIENCE, r -> r.state().isTerminal()
                    || r.state() == RolloutState.PAUSED);

            assertThat(stopped.state()).isIn(RolloutState.PAUSED, RolloutState.FAILED);
            assertThat(stopped.stateReason()).contains("AuthorizationFailed")
                    .contains("Microsoft.Compute/virtualMachineScaleSets/manualUpgrade/action");
            assertThat(stack.upgraded(web)).isEmpty();
        }
    }

    private static WorkerStack withRole(RoleDefinition role) {
        return new WorkerStack(database, settings -> settings, TestTemporal.javaTestServer(), WorkerTuning.defaults(),
                simulator -> simulator.role(role));
    }

    /** The role docs/azure.md defines, from its json block. */
    private static RoleDefinition documentedRole() {
        try {
            String page = Files.readString(Path.of("..", "docs", "azure.md"));
            int start = page.indexOf("{\n  \"Name\": \"VMSS Rollout Operator\"");
            return RoleDefinition.parse(page.substring(start, page.indexOf("```", start)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
