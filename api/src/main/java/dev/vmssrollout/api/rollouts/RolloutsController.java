package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.model.RolloutState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import java.net.URI;
import java.security.Principal;

@RestController
@RequestMapping(path = RolloutViews.BASE, produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "rollouts")
class RolloutsController {

    private final RolloutSubmission submission;
    private final RolloutQueries queries;

    RolloutsController(RolloutSubmission submission, RolloutQueries queries) {
        this.submission = submission;
        this.queries = queries;
    }

    @Operation(summary = "Submit a rollout",
            description = "201 with Location for a new rollout; 200 with the same rollout when an Idempotency-Key "
                    + "this user sent before comes again with the same plan. Needs rollout.submit.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RolloutView> submit(@RequestBody RolloutRequest request,
                                       @Parameter(description = "makes a retried submission return the first rollout")
                                       @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                       Principal user) {
        Submitted submitted = submission.submit(request, user.getName(), idempotencyKey);
        URI location = URI.create(submitted.rollout().links().self());
        return ResponseEntity.status(submitted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(location).body(submitted.rollout());
    }

    @Operation(summary = "Preview a rollout's waves without changing anything", description = "Needs rollout.submit.")
    @PostMapping(path = "/preview", consumes = MediaType.APPLICATION_JSON_VALUE)
    PreviewView preview(@RequestBody RolloutRequest request) {
        return submission.preview(request);
    }

    @Operation(summary = "List rollouts, newest first")
    @GetMapping
    RolloutListView list(@RequestParam(required = false) RolloutState state,
                         @RequestParam(required = false) String subscriptionId,
                         @RequestParam(required = false) String resourceGroup,
                         @RequestParam(required = false) String scaleSet,
                         @RequestParam(defaultValue = "50") int limit,
                         @RequestParam(defaultValue = "0") int offset) {
        return queries.list(state, subscriptionId, resourceGroup, scaleSet, limit, offset);
    }

    @Operation(summary = "One rollout: plan, waves, instances, approvals and event log",
            description = "Carries an ETag; with If-None-Match holding it, 304 while nothing the rollout records has "
                    + "changed (the times derived from the clock, elapsed and estimated, are not compared).")
    @GetMapping("/{id}")
    ResponseEntity<RolloutView> get(@PathVariable String id, WebRequest request) {
        long version = queries.version(id);
        String etag = RolloutQueries.etag(version);
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().eTag(etag).body(queries.get(id, version));
    }
}
