package dev.vmssrollout.api.rollouts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads rollouts from the database, which (unlike Temporal's test server) can list and filter them. The rollouts read
 * last are kept with their version: a read asks the database for the version only, and reads the whole rollout (six
 * queries) again only when it moved.
 */
@Service
class RolloutQueries {

    private static final int KEPT_ROLLOUTS = 500;

    private record Kept(long version, RolloutDetails details) {
    }

    private final RolloutStore store;
    private final RolloutViews views;
    private final Cache<String, Kept> kept = Caffeine.newBuilder().maximumSize(KEPT_ROLLOUTS).build();

    RolloutQueries(RolloutStore store, RolloutViews views) {
        this.store = store;
        this.views = views;
    }

    RolloutView get(String id) {
        return views.view(find(id));
    }

    /** The rollout's view as of {@code version} (or later), which {@link #version} returned just before. */
    RolloutView get(String id, long version) {
        return views.view(find(id, version));
    }

    /** Grows with every change to the rollout's record: the ETag of its view. */
    long version(String id) {
        return store.version(id).orElseThrow(() -> notFound(id));
    }

    /**
     * Weak: a view also holds times derived from the clock (elapsed, estimated), which a 304 leaves as the client
     * last saw them.
     */
    static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    RolloutDetails find(String id) {
        return find(id, version(id));
    }

    private RolloutDetails find(String id, long version) {
        return read(id, version).orElseThrow(() -> notFound(id));
    }

    private Optional<RolloutDetails> read(String id, long version) {
        Kept copy = kept.getIfPresent(id);
        if (copy != null && copy.version() == version) {
            return Optional.of(copy.details());
        }
        // Read after the version, so never older than it: kept under it, it can only be read again too soon.
        Optional<RolloutDetails> details = store.find(id);
        details.ifPresent(read -> kept.put(id, new Kept(version, read)));
        return details;
    }

    /** Null when the store has no such rollout (the list and this read are separate queries). */
    private RolloutDetails readIfPresent(String id) {
        OptionalLong version = store.version(id);
        return version.isEmpty() ? null : read(id, version.getAsLong()).orElse(null);
    }

    private static ApiProblemException notFound(String id) {
        return new ApiProblemException(ProblemType.NOT_FOUND, "no rollout " + id).with("rolloutId", id);
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
                .map(s -> views.summary(s, s.state().isTerminal() ? null : readIfPresent(s.id()))).toList(),
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
