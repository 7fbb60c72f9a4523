package dev.vmssrollout.api.rollouts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.security.Principal;

@RestController
@Tag(name = "rollouts")
class RolloutStreamController {

    private final RolloutStreams streams;

    RolloutStreamController(RolloutStreams streams) {
        this.streams = streams;
    }

    @Operation(summary = "Live rollout: server-sent events",
            description = "Event `rollout` (id: the rollout's last event sequence number) carries the same JSON as "
                    + "GET /api/v1/rollouts/{id}: once at the start, then whenever the rollout changes. The stream "
                    + "ends after a terminal state; heartbeats are comment lines.")
    @GetMapping(path = RolloutViews.BASE + "/{id}/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable String id, Principal user) {
        return streams.open(id, user.getName());
    }
}
