package dev.vmssrollout.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.cli.CliException;
import dev.vmssrollout.cli.ExitCode;

import java.net.URI;

/** A successful answer of the API: its status, its body as sent, and the Location header if any. */
public record ApiResponse(int status, String body, String location, URI uri) {

    /** The body as JSON; an answer that is not JSON means {@code --api-url} names some other server. */
    public JsonNode json() {
        JsonNode json = Json.parseOrNull(body);
        if (json == null) {
            throw new CliException(ExitCode.SERVER_ERROR, uri + " answered " + status + " with a body that is not JSON; "
                    + "is the API URL that of the vmss-rollout API (it serves /api/v1/rollouts)?");
        }
        return json;
    }
}
