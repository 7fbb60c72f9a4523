package dev.vmssrollout.workflows;

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
}
