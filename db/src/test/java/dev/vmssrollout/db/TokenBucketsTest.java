package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.store.TokenBuckets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The buckets every worker shares: one row each, changed one change at a time, on the database's clock. */
class TokenBucketsTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void aBucketStartsWithItsInitialTokensAndKeepsWhatEachChangeLeaves() {
        TokenBuckets buckets = new JdbcTokenBuckets(db.dataSource());

        double first = buckets.change("reads/subscription a", 10,
                (tokens, elapsed) -> new TokenBuckets.Changed(tokens - 3, tokens));
        double second = buckets.change("reads/subscription a", 10,
                (tokens, elapsed) -> new TokenBuckets.Changed(tokens, tokens));
        double elsewhere = buckets.change("reads/subscription b", 4,
                (tokens, elapsed) -> new TokenBuckets.Changed(tokens, tokens));

        assertThat(first).isEqualTo(10);
        assertThat(second).isEqualTo(7);
        assertThat(elsewhere).as("another bucket").isEqualTo(4);
    }

    @Test
    void twoWorkersChangingOneBucketAtOnceLoseNoChange() throws Exception {
        TokenBuckets[] workers = {new JdbcTokenBuckets(db.dataSource()), new JdbcTokenBuckets(db.dataSource())};
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                TokenBuckets worker = workers[t % 2];
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        worker.change("upgrades/subscription busy", 1_000,
                                (tokens, elapsed) -> new TokenBuckets.Changed(tokens - 1, 0));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }

        double left = workers[0].change("upgrades/subscription busy", 1_000,
                (tokens, elapsed) -> new TokenBuckets.Changed(tokens, tokens));
        assertThat(left).as("1,000 less 8 x 25 takes, none lost to a race").isEqualTo(800);
    }

    @Test
    void theTimeSinceTheLastChangeIsMeasuredOnTheDatabasesClock() {
        TokenBuckets buckets = new JdbcTokenBuckets(db.dataSource());
        buckets.change("clock", 1, (tokens, elapsed) -> new TokenBuckets.Changed(tokens, 0));
        // As if the last change had been made a minute and a half ago, by whichever worker.
        JdbcClient.create(db.dataSource())
                .sql("UPDATE token_buckets SET changed_at = changed_at - interval '90 seconds' WHERE bucket = 'clock'")
                .update();

        double measured = buckets.change("clock", 1, (tokens, since) -> new TokenBuckets.Changed(tokens, since));
        double next = buckets.change("clock", 1, (tokens, since) -> new TokenBuckets.Changed(tokens, since));

        assertThat(measured).isBetween(90.0, 100.0);
        assertThat(next).as("measured from the change just made").isBetween(0.0, 10.0);
    }
}
