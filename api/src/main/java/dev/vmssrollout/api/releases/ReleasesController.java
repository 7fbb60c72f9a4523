package dev.vmssrollout.api.releases;

import dev.vmssrollout.api.rollouts.OperatorRequest;
import dev.vmssrollout.api.temporal.ReleaseWorkflows.Signal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.Principal;
import java.util.List;

@RestController
@RequestMapping(path = ReleaseViews.BASE, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "releases")
class ReleasesController {

    private final Releases releases;

    ReleasesController(Releases releases) {
        this.releases = releases;
    }

    @Operation(summary = "Submit a release: stages of scale sets, each upgraded by a rollout of its own",
            description = "201 with Location. Needs rollout.submit.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ReleaseView> submit(@RequestBody ReleaseRequest request, Principal user) {
        ReleaseView release = releases.submit(request, user.getName());
        return ResponseEntity.created(URI.create(release.links().self())).body(release);
    }

    @Operation(summary = "List releases, newest first")
    @GetMapping
    List<ReleaseSummaryView> list(@RequestParam(defaultValue = "50") int limit,
                                  @RequestParam(defaultValue = "0") int offset) {
        return releases.list(limit, offset);
    }

    @Operation(summary = "One release: its state and each stage's scale sets with their rollouts and states")
    @GetMapping("/{id}")
    ReleaseView get(@PathVariable String id) {
        return releases.get(id);
    }

    @Operation(summary = "Approve the stage (numbered from 1) waiting for approval",
            description = "Needs rollout.approve; with four-eyes on, not by the release's submitter.")
    @PostMapping("/{id}/approve")
    ResponseEntity<ReleaseView> approve(@PathVariable String id, @RequestBody(required = false) StageApprovalRequest request,
                                        Principal user) {
        return ResponseEntity.accepted().body(releases.approveStage(id, request == null ? null : request.stage(),
                request == null ? null : request.comment(), user.getName()));
    }

    @Operation(summary = "Go on after a failure, leaving the failed scale set as it is", description = "Needs rollout.operate.")
    @PostMapping("/{id}/resume")
    ResponseEntity<ReleaseView> resume(@PathVariable String id, @RequestBody(required = false) OperatorRequest request,
                                       Principal user) {
        return operate(id, Signal.RESUME, request, user);
    }

    @Operation(summary = "Upgrade the failed scale sets again with new rollouts", description = "Needs rollout.operate.")
    @PostMapping("/{id}/retry")
    ResponseEntity<ReleaseView> retry(@PathVariable String id, @RequestBody(required = false) OperatorRequest request,
                                      Principal user) {
        return operate(id, Signal.RETRY, request, user);
    }

    @Operation(summary = "Put the previous image back on every changed scale set, newest first",
            description = "Needs rollout.operate.")
    @PostMapping("/{id}/rollback")
    ResponseEntity<ReleaseView> rollback(@PathVariable String id, @RequestBody(required = false) OperatorRequest request,
                                         Principal user) {
        return operate(id, Signal.ROLLBACK, request, user);
    }

    @Operation(summary = "Start nothing more; leave every scale set as it is", description = "Needs rollout.operate.")
    @PostMapping("/{id}/abort")
    ResponseEntity<ReleaseView> abort(@PathVariable String id, @RequestBody(required = false) OperatorRequest request,
                                      Principal user) {
        return operate(id, Signal.ABORT, request, user);
    }

    @Operation(summary = "Ask for an emergency override of the plan's windows (a reason is required)",
            description = "Needs rollout.operate. Nothing changes until another person approves it. 409 without a "
                    + "schedule, after the release ended, or when an override is asked for already.")
    @PostMapping("/{id}/override")
    ResponseEntity<ReleaseView> requestOverride(@PathVariable String id,
                                                @RequestBody(required = false) OperatorRequest request, Principal user) {
        return ResponseEntity.accepted().body(releases.requestOverride(id, request == null ? null : request.reason(),
                user.getName()));
    }

    @Operation(summary = "Approve the emergency override: the stages stop waiting for windows, and every rollout of "
            + "the release gets the override", description = "Needs rollout.approve; never by the person who asked "
            + "for it (403). 409 when none is asked for (yet: the request is recorded by the release's workflow a "
            + "moment after it was accepted) or it is approved already.")
    @PostMapping("/{id}/override/approve")
    ResponseEntity<ReleaseView> approveOverride(@PathVariable String id,
                                                @RequestBody(required = false) OverrideApprovalRequest request,
                                                Principal user) {
        return ResponseEntity.accepted().body(releases.approveOverride(id, request == null ? null : request.comment(),
                user.getName()));
    }

    private ResponseEntity<ReleaseView> operate(String id, Signal signal, OperatorRequest request, Principal user) {
        return ResponseEntity.accepted().body(releases.operate(id, signal, request == null ? null : request.reason(),
                user.getName()));
    }
}
