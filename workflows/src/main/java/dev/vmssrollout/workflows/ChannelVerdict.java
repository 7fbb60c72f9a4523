package dev.vmssrollout.workflows;

import dev.vmssrollout.model.identity.Identity;

/**
 * Where an operator action came from and whether it is accepted.
 *
 * @param channel {@link #API} for a request the API recorded first, {@link #TEMPORAL} for one sent straight to
 *                Temporal (UI, CLI, an SDK client)
 * @param refusal why it is refused, or null when accepted
 */
public record ChannelVerdict(String channel, String refusal) {

    public static final String API = "api";
    public static final String TEMPORAL = "temporal";

    public static ChannelVerdict api() {
        return new ChannelVerdict(API, null);
    }

    public boolean accepted() {
        return refusal == null;
    }

    /** "mallory (via Temporal)": a claimed name stays visibly claimed wherever the action is recorded. */
    public static String viaTemporal(String actor) {
        return (Identity.isBlank(actor) ? "an unnamed operator" : actor.strip()) + " (via Temporal)";
    }
}
