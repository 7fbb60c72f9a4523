package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutPage;
import dev.vmssrollout.model.store.RolloutQuery;
import dev.vmssrollout.model.store.RolloutStore;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.ArrayList;
import java.util.List;

/** Reads rollouts from the database, which (unlike Temporal's test server) can list and filter them. */
@Service
class RolloutQueries {

    private final RolloutStore store;
    private final RolloutViews views;

    RolloutQueries(RolloutStore store, RolloutViews views) {
        this.store = store;
        this.views = views;
    }

    RolloutView get(String id) {
        return views.view(find(id));
    }

    RolloutDetails find(String id) {
        return store.find(id).orElseThrow(() -> new ApiProblemException(ProblemType.NOT_FOUND, "no rollout " + id)
                .with("rolloutId", id));
    }

    RolloutListView list(RolloutState state, String subscriptionId, String resourceGroup, String scaleSet,
                         int limit, int offset) {
        List<FieldViolation> violations = new ArrayList<>();
        if (limit < 1 || limit > RolloutQuery.MAX_LIMIT) {
            violations.add(new FieldViolation("limit", "must be between 1 and " + RolloutQuery.MAX_LIMIT));
        }
        if (offset < 0) {
            violations.add(new FieldViolation("offset", "must not be negative"));
        }
        if (!violations.isEmpty()) {
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, "invalid paging (see violations)", violations);
        }
        RolloutPage page = store.list(new RolloutQuery(state, blankToNull(subscriptionId), blankToNull(resourceGroup),
                blankToNull(scaleSet), limit, offset));
        String next = page.hasMore() ? link(state, subscriptionId, resourceGroup, scaleSet, limit, offset + page.items().size())
                : null;
        // Only rollouts that have not ended need their waves for an estimate; one active rollout per scale set.
        return new RolloutListView(page.items().stream()
                .map(s -> views.summary(s, s.state().isTerminal() ? null : store.find(s.id()).orElse(null))).toList(),
                page.total(), limit, offset,
                new RolloutListView.Links(link(state, subscriptionId, resourceGroup, scaleSet, limit, offset), next));
    }

    private static String link(RolloutState state, String subscriptionId, String resourceGroup, String scaleSet,
                               int limit, int offset) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(RolloutViews.BASE);
        if (state != null) {
            uri.queryParam("state", state);
        }
        addIfPresent(uri, "subscriptionId", subscriptionId);
        addIfPresent(uri, "resourceGroup", resourceGroup);
        addIfPresent(uri, "scaleSet", scaleSet);
        return uri.queryParam("limit", limit).queryParam("offset", offset).encode().build().toUriString();
    }

    private static void addIfPresent(UriComponentsBuilder uri, String name, String value) {
        if (value != null && !value.isBlank()) {
            uri.queryParam(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
