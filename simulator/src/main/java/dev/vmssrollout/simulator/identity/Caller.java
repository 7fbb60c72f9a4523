package dev.vmssrollout.simulator.identity;

/**
 * Who calls Resource Manager, as the access token names them: the application ({@code appid}) and its service
 * principal's object id ({@code oid}), which Azure's authorization errors quote.
 */
public record Caller(String clientId, String objectId) {

    /** A static token or an unsigned one (accepted when the simulator has no clients): nobody in particular. */
    public static final Caller UNNAMED = new Caller("00000000-0000-0000-0000-000000000000",
        "00000000-0000-0000-0000-000000000000");
}
