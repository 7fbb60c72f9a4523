package dev.vmssrollout.local;

import java.util.List;

/**
 * The first rollout of the demo scale set, as the shell commands the local stack prints at start and README.md's
 * quick start shows (a test keeps the two equal): submit as alice with a canary approval, approve as bob, watch.
 */
final class FirstRollout {

    /** Picks the rollout id out of the JSON answer without jq, which a fresh machine may not have. */
    static final String ID_FROM_ANSWER = "grep -o '\"id\":\"[^\"]*\"' | head -1 | cut -d'\"' -f4";
    static final String STATE_FROM_ANSWER = "grep -o '\"state\":\"[^\"]*\"' | head -1";

    private FirstRollout() {
    }

    /** Submits the rollout as alice and keeps its id in $ID. */
    static List<String> submit(String apiUrl) {
        return List.of(
                "ID=$(curl -s -u alice:alice " + apiUrl + "/api/v1/rollouts -H 'Content-Type: application/json' -d '",
                "  {\"target\": {\"subscriptionId\": \"" + DemoScaleSet.SUBSCRIPTION + "\", \"resourceGroup\": \""
                        + DemoScaleSet.RESOURCE_GROUP + "\", \"scaleSet\": \"" + DemoScaleSet.NAME + "\"},",
                "   \"image\": {\"version\": \"" + DemoScaleSet.NEXT_VERSION + "\"}, \"approval\": {\"mode\": \"FIRST_WAVE\"}}' | "
                        + ID_FROM_ANSWER + ")",
                "echo \"rollout $ID\"");
    }

    /** Approves the wave that waits, as bob: the submitter may not approve their own rollout (four eyes). */
    static String approve(String apiUrl) {
        // 202 is the answer to look for: the workflow records the approval a moment later.
        return "curl -s -o /dev/null -w '%{http_code}\\n' -u bob:bob -X POST " + apiUrl + "/api/v1/rollouts/$ID/approve";
    }

    /** Shows the rollout's state (the whole JSON without the pipe). */
    static String watch(String apiUrl) {
        return "curl -s -u alice:alice " + apiUrl + "/api/v1/rollouts/$ID | " + STATE_FROM_ANSWER;
    }
}
