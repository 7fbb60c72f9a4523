package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The custom search attributes of rollout workflows, all keywords. Used only when the namespace
 * has them registered ({@code temporal operator search-attribute create --name RolloutId --type Keyword} ...),
 * which {@link RolloutInput#searchAttributes()} tells the workflow.
 */
public final class RolloutSearchAttributes {

    public static final SearchAttributeKey<String> ROLLOUT_ID = SearchAttributeKey.forKeyword("RolloutId");
    /** "resourceGroup/name", as {@link ScaleSetRef#toString()} prints it. */
    public static final SearchAttributeKey<String> SCALE_SET = SearchAttributeKey.forKeyword("ScaleSet");
    /** A {@link RolloutState} name; kept current by the workflow on every state change. */
    public static final SearchAttributeKey<String> ROLLOUT_STATE = SearchAttributeKey.forKeyword("RolloutState");

    private RolloutSearchAttributes() {
    }

    /** Name to type of every attribute, for registering them in a namespace. */
    public static Map<String, IndexedValueType> definitions() {
        Map<String, IndexedValueType> definitions = new LinkedHashMap<>();
        for (SearchAttributeKey<?> key : new SearchAttributeKey<?>[] {ROLLOUT_ID, SCALE_SET, ROLLOUT_STATE}) {
            definitions.put(key.getName(), key.getValueType());
        }
        return definitions;
    }

    /** The attributes a rollout workflow starts with. */
    public static SearchAttributes initial(String rolloutId, ScaleSetRef scaleSet) {
        return SearchAttributes.newBuilder()
                .set(ROLLOUT_ID, rolloutId)
                .set(SCALE_SET, scaleSet.toString())
                .set(ROLLOUT_STATE, RolloutState.PENDING.name())
                .build();
    }
}
