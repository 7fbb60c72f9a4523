package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.temporal.RolloutWorkflows.Signal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;

/**
 * Approvals and operator actions. Each answers 202 with the rollout as stored: the workflow takes
 * the action and records it, so the event log shows it a moment later.
 */
@RestController
@RequestMapping(path = RolloutViews.BASE + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "rollout actions")
class RolloutActionsController {

    private final RolloutActions actions;

    RolloutActionsController(RolloutActions actions) {
        this.actions = actions;
    }

    @Operation(summary = "Approve the wave waiting for approval (or the given one)",
            description = "Needs rollout.approve; with four-eyes on, not by the rollout's submitter.")
    @PostMapping("/approve")
    ResponseEntity<RolloutView> approve(@PathVariable String id, @RequestBody(required = false) ApproveRequest request,
                                        Principal user) {
        return ResponseEntity.accepted().body(actions.approve(id, request, user.getName()));
    }

    @Operation(summary = "Ask to run outside the maintenance windows (emergency override)",
            description = "Needs rollout.operate and a reason; takes effect once someone else approves it.")
    @PostMapping("/override")
    ResponseEntity<RolloutView> requestOverride(@PathVariable String id, @RequestBody(required = false) OperatorRequest request,
                                                Principal user) {
        return ResponseEntity.accepted().body(actions.requestOverride(id, request, user.getName()));
    }

    @Operation(summary = "Approve the emergency override asked for on a rollout",
            description = "Needs rollout.approve; never by the person who asked for it (four-eyes).")
    @PostMapping("/override/approve")
    ResponseEntity<RolloutView> approveOverride(@PathVariable String id, @RequestBody(required = false) ApproveRequest request,
                                                Principal user) {
        return ResponseEntity.accepted().body(actions.approveOverride(id, request, user.getName()));
    }

    @Operation(summary = "Pause between waves", description = "Needs rollout.operate.")
    @PostMapping("/pause")
    ResponseEntity<RolloutView> pause(@PathVariable String id, @RequestBody(required = false) OperatorRequest request,
                                      Principal user) {
        return operate(id, Signal.PAUSE, request, user);
    }

    @Operation(summary = "Resume a paused rollout", description = "Needs rollout.operate.")
    @PostMapping("/resume")
    ResponseEntity<RolloutView> resume(@PathVariable String id, @RequestBody(required = false) OperatorRequest request,
                                       Principal user) {
        return operate(id, Signal.RESUME, request, user);
    }

    @Operation(summary = "Retry the failed wave of a paused rollout", description = "Needs rollout.operate.")
    @PostMapping("/retry")
    ResponseEntity<RolloutView> retry(@PathVariable String id, @RequestBody(required = false) OperatorRequest request,
                                      Principal user) {
        return operate(id, Signal.RETRY_WAVE, request, user);
    }

    @Operation(summary = "Cancel now, interrupting a wave in flight", description = "Needs rollout.operate.")
    @PostMapping("/cancel")
    ResponseEntity<RolloutView> cancel(@PathVariable String id, @RequestBody(required = false) OperatorRequest request,
                                       Principal user) {
        return operate(id, Signal.CANCEL, request, user);
    }

    @Operation(summary = "Roll back to the previous image", description = "Needs rollout.operate.")
    @PostMapping("/rollback")
    ResponseEntity<RolloutView> rollback(@PathVariable String id, @RequestBody(required = false) OperatorRequest request,
                                         Principal user) {
        return operate(id, Signal.ROLLBACK, request, user);
    }

    private ResponseEntity<RolloutView> operate(String id, Signal signal, OperatorRequest request, Principal user) {
        return ResponseEntity.accepted().body(actions.operate(id, signal, request, user.getName()));
    }
}
