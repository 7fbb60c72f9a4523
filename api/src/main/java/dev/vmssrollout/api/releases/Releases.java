package dev.vmssrollout.api.releases;

import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.rollouts.PlanDefaults;
import dev.vmssrollout.api.rollouts.PlanDefaultsProperties;
import dev.vmssrollout.api.security.ApprovalProperties;
import dev.vmssrollout.api.temporal.ReleaseWorkflows;
import dev.vmssrollout.api.temporal.TemporalProperties;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.api.temporal.WorkflowGoneException;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.identity.Identity;
import dev.vmssrollout.model.release.NewRelease;
import dev.vmssrollout.model.release.RegionPairs;
import dev.vmssrollout.model.release.ReleaseDetails;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.release.ReleaseStore;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.releases.ReleaseInput;
import dev.vmssrollout.workflows.releases.StageApproval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Accepts releases and passes operator actions to their workflows. A refused plan leaves no row; once the row is
 * written the release is accepted. Listed scale sets are not read at submit (a stage's selection is, to list them):
 * each one's rollout checks its scale set in preflight, and one that does not fit fails that rollout, which stops
 * the line.
 */
@Service
class Releases {

    private static final Logger log = LoggerFactory.getLogger(Releases.class);
    private static final int MAX_REASON = 1000;

    private final ReleaseStore store;
    private final ReleaseWorkflows workflows;
    private final RegionPairs pairs;
    private final boolean fourEyes;
    private final boolean searchAttributes;
    private final Clock clock;
    private final PlanDefaults defaults;
    private final ReleaseSelections selections;

    Releases(ReleaseStore store, ReleaseWorkflows workflows, RegionPairs pairs, ApprovalProperties approvals,
             TemporalProperties temporal, Optional<Clock> clock, PlanDefaultsProperties defaults,
             ReleaseSelections selections) {
        this.selections = selections;
        this.defaults = new PlanDefaults(defaults.defaultMinReady());
        this.store = store;
        this.workflows = workflows;
        this.pairs = pairs;
        this.fourEyes = approvals.fourEyes();
        this.searchAttributes = temporal.searchAttributes().enabled();
        this.clock = clock.orElse(Clock.systemUTC());
    }

    ReleaseView submit(ReleaseRequest request, String user) {
        ReleasePlan plan = ReleaseMapper.toValidPlan(selections.expand(request, user), pairs, defaults);
        String id = UUID.randomUUID().toString();
        ReleaseDetails stored = store.create(new NewRelease(id, plan, user, clock.instant()));
        ReleaseInput input = new ReleaseInput(id, plan, user, fourEyes, searchAttributes);
        try {
            workflows.start(input);
        } catch (RuntimeException e) {
            // Deliberately broad: failing now would tell the client a stored release was refused.
            log.error("release {} accepted but its workflow could not be started; it stays PENDING", id, e);
        }
        return ReleaseViews.view(store.find(id).orElse(stored));
    }

    ReleaseView get(String id) {
        return ReleaseViews.view(find(id));
    }

    List<ReleaseSummaryView> list(int limit, int offset) {
        if (limit < 1 || limit > 200 || offset < 0) {
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, "limit must be 1-200 and offset at least 0",
                    List.of(new FieldViolation(limit < 1 || limit > 200 ? "limit" : "offset",
                            limit < 1 || limit > 200 ? "must be between 1 and 200" : "must be at least 0")));
        }
        return store.list(limit, offset).stream().map(ReleaseViews::summary).toList();
    }

    ReleaseView operate(String id, ReleaseWorkflows.Signal signal, String reason, String user) {
        checkReason(reason);
        ReleaseDetails release = find(id);
        boolean allowed = switch (signal) {
            case RESUME, RETRY -> release.state() == RolloutState.PAUSED;
            case ROLLBACK, ABORT -> !release.state().isTerminal() && release.state() != RolloutState.ROLLING_BACK;
        };
        if (!allowed) {
            throw new ApiProblemException(ProblemType.ROLLOUT_CONFLICT, "release " + id + " is " + release.state()
                    + ": " + signal.name().toLowerCase() + " is not possible now")
                    .with("state", release.state().name());
        }
        try {
            workflows.signal(id, signal, new OperatorCommand(user, reason));
        } catch (WorkflowGoneException | TemporalUnavailableException e) {
            throw unreachable(id, e);
        }
        return get(id);
    }

    ReleaseView approveStage(String id, Integer stage, String comment, String user) {
        checkReason(comment);
        ReleaseDetails release = find(id);
        if (stage == null || stage < 1 || stage > release.plan().stages().size()) {
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, "stage must be a stage number, 1-"
                    + release.plan().stages().size(), List.of(new FieldViolation("stage",
                    "must be between 1 and " + release.plan().stages().size())));
        }
        if (fourEyes && user.equals(release.submittedBy())) {
            throw new ApiProblemException(ProblemType.FOUR_EYES, user + " submitted release " + id
                    + " and may not approve its stages");
        }
        try {
            workflows.approveStage(id, new StageApproval(stage - 1, user, comment));
        } catch (WorkflowGoneException | TemporalUnavailableException e) {
            throw unreachable(id, e);
        }
        return get(id);
    }

    ReleaseView requestOverride(String id, String reason, String user) {
        checkReason(reason);
        if (reason == null || reason.isBlank()) {
            String message = "an override needs a reason: say why the release cannot wait for its windows";
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, message,
                    List.of(new FieldViolation("reason", message)));
        }
        ReleaseDetails release = openWithSchedule(id);
        WindowOverride asked = release.windowOverride();
        if (asked != null) {
            throw conflict(release, asked.approved() ? "the override is already approved (by " + asked.approvedBy() + ")"
                    : "an override is already asked for by " + asked.requestedBy() + "; it waits for approval");
        }
        return overrideSignal(id, "requestOverride", new OperatorCommand(user, reason.strip()));
    }

    ReleaseView approveOverride(String id, String comment, String user) {
        checkReason(comment);
        ReleaseDetails release = openWithSchedule(id);
        WindowOverride asked = release.windowOverride();
        if (asked == null) {
            throw conflict(release, "no override is asked for on release " + id + ": ask for one first (POST "
                    + ReleaseViews.BASE + "/" + id + "/override with a reason); one asked for a moment ago is recorded "
                    + "by the release's workflow within seconds, so try again then");
        }
        if (asked.approved()) {
            throw conflict(release, "the override is already approved (by " + asked.approvedBy() + ")");
        }
        if (Identity.samePerson(user, asked.requestedBy())) {
            throw new ApiProblemException(ProblemType.FOUR_EYES, "four-eyes: " + asked.requestedBy()
                    + " asked for the override and cannot approve it; another person must");
        }
        return overrideSignal(id, "approveOverride", new OperatorCommand(user, comment));
    }

    private ReleaseDetails openWithSchedule(String id) {
        ReleaseDetails release = find(id);
        if (release.state().isTerminal()) {
            throw conflict(release, "release " + id + " has ended (" + release.state() + ")");
        }
        if (release.plan().rollout().schedule() == null) {
            throw conflict(release, "release " + id + " has no schedule: there is no window to override");
        }
        return release;
    }

    private ReleaseView overrideSignal(String id, String signalName, OperatorCommand command) {
        try {
            workflows.windowOverride(id, signalName, command);
        } catch (WorkflowGoneException | TemporalUnavailableException e) {
            throw unreachable(id, e);
        }
        return get(id);
    }

    private static ApiProblemException conflict(ReleaseDetails release, String message) {
        return new ApiProblemException(ProblemType.ROLLOUT_CONFLICT, message).with("state", release.state().name());
    }

    private ReleaseDetails find(String id) {
        return store.find(id).orElseThrow(() -> new ApiProblemException(ProblemType.NOT_FOUND, "no release " + id));
    }

    private static void checkReason(String reason) {
        if (reason != null && reason.length() > MAX_REASON) {
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, "reason is too long",
                    List.of(new FieldViolation("reason", "at most " + MAX_REASON + " characters")));
        }
    }

    private static ApiProblemException unreachable(String id, RuntimeException e) {
        return new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, "release " + id
                + " could not be reached in Temporal now (" + e.getMessage() + "); nothing was changed, try again");
    }
}
