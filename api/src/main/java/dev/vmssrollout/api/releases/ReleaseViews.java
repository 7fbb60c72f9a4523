package dev.vmssrollout.api.releases;

import dev.vmssrollout.api.rollouts.PlanMapper;
import dev.vmssrollout.model.release.ReleaseDetails;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.model.release.ReleaseSummary;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

/** Stored releases as the REST API shows them. */
final class ReleaseViews {

    static final String BASE = "/api/v1/releases";
    private static final String ROLLOUTS = "/api/v1/rollouts/";

    private ReleaseViews() {
    }

    static String self(String id) {
        return BASE + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    static ReleaseView view(ReleaseDetails release) {
        List<ReleaseView.Stage> stages = IntStream.range(0, release.stages().size()).mapToObj(s -> {
            ReleaseStage planned = release.plan().stages().get(s);
            return new ReleaseView.Stage(s, planned.name(), planned.maxConcurrent(), planned.bakeTime(),
                    planned.approvalRequired(), release.stages().get(s).scaleSets().stream()
                    .map(status -> new ReleaseView.ScaleSet(status.scaleSet().subscriptionId(),
                            status.scaleSet().resourceGroup(), status.scaleSet().scaleSet(), status.scaleSet().region(),
                            status.rolloutId(), status.rolloutState(),
                            status.rolloutId() == null ? null : ROLLOUTS + status.rolloutId(),
                            status.rollbackRolloutId(), status.rollbackState()))
                    .toList());
        }).toList();
        return new ReleaseView(release.id(), release.state(), release.stateReason(), release.submittedBy(),
                release.currentStage(), PlanMapper.toRequest(release.plan().rollout()),
                release.plan().allowPairedRegionsInStage(), stages, release.createdAt(), release.updatedAt(),
                new ReleaseView.Links(self(release.id())), release.windowOverride());
    }

    static ReleaseSummaryView summary(ReleaseSummary summary) {
        return new ReleaseSummaryView(summary.id(), summary.state(), summary.stateReason(), summary.imageChange(),
                summary.submittedBy(), summary.currentStage(), summary.stagesTotal(), summary.scaleSetsTotal(),
                summary.scaleSetsSucceeded(), summary.createdAt(), summary.updatedAt(),
                new ReleaseView.Links(self(summary.id())));
    }
}
