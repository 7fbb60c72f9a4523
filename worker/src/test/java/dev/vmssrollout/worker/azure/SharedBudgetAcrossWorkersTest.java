package dev.vmssrollout.worker.azure;

import dev.vmssrollout.db.JdbcTokenBuckets;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.store.StoreUnavailableException;
import dev.vmssrollout.model.store.TokenBuckets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two worker processes, each with its own {@link SharedBudget}s, on one database: Compute counts per subscription, so
 * what one worker spent the other must not spend again. The model read budget as shipped: a burst of 30, then one
 * read every 2 seconds.
 */
class SharedBudgetAcrossWorkersTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    @Test
    void whatOneWorkerSpentTheOtherWaitsFor() {
        SharedBudget first = modelReads(new JdbcTokenBuckets(database.dataSource()));
        SharedBudget second = modelReads(new JdbcTokenBuckets(database.dataSource()));

        Duration firstTakesTheBurst = first.reserve("subscription shared", 30);
        Duration secondWaits = second.reserve("subscription shared", 1);

        assertThat(firstTakesTheBurst).isZero();
        assertThat(secondWaits).as("one read refills in 2 s, less what refilled since")
                .isGreaterThan(Duration.ofSeconds(1)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(second.reserve("subscription other", 30)).as("another subscription's budget").isZero();
        assertThat(new SharedBudget("upgrades", RequestBudget.AZURE_UPGRADE_DEFAULT,
                new JdbcTokenBuckets(database.dataSource()), System::nanoTime).reserve("subscription shared", 1))
                .as("another budget of the same subscription").isZero();
    }

    @Test
    void turnsTakenInLineQueueAcrossWorkers() {
        SharedBudget first = modelReads(new JdbcTokenBuckets(database.dataSource()));
        SharedBudget second = modelReads(new JdbcTokenBuckets(database.dataSource()));

        assertThat(first.takeInLine("subscription line", 30)).as("the burst").isZero();
        Duration secondInLine = second.takeInLine("subscription line", 1);
        Duration firstAgain = first.takeInLine("subscription line", 1);

        assertThat(secondInLine).as("one read refills in 2 s, less what refilled since")
                .isGreaterThan(Duration.ofSeconds(1)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(firstAgain).as("behind the other worker's turn: the bucket stored its debt")
                .isGreaterThan(Duration.ofSeconds(3)).isLessThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void withoutTheDatabaseEachWorkerPacesAloneAndSharesAgainWhenItAnswers() {
        AtomicBoolean down = new AtomicBoolean(true);
        TokenBuckets database = new JdbcTokenBuckets(SharedBudgetAcrossWorkersTest.database.dataSource());
        TokenBuckets flaky = (bucket, initial, change) -> {
            if (down.get()) {
                throw new StoreUnavailableException("connection refused", null);
            }
            return database.change(bucket, initial, change);
        };
        AtomicLong now = new AtomicLong();
        AtomicInteger attempts = new AtomicInteger();
        TokenBuckets counted = (bucket, initial, change) -> {
            attempts.incrementAndGet();
            return flaky.change(bucket, initial, change);
        };
        SharedBudget worker = modelReads(new FallbackTokenBuckets(counted, now::get));
        SharedBudget other = modelReads(new JdbcTokenBuckets(SharedBudgetAcrossWorkersTest.database.dataSource()));

        assertThat(worker.reserve("subscription fallback", 30)).as("its own bucket, full").isZero();
        assertThat(worker.reserve("subscription fallback", 1)).as("its own bucket, empty").isPositive();
        assertThat(attempts).as("the database is left alone for a while after it failed").hasValue(1);
        assertThat(other.reserve("subscription fallback", 30)).as("nothing reached the shared bucket").isZero();
        down.set(false);
        now.set(FallbackTokenBuckets.RETRY_AFTER.toNanos());
        assertThat(worker.reserve("subscription fallback", 1)).as("the shared bucket again, emptied by the other")
                .isPositive();
        assertThat(attempts).hasValue(2);
    }

    private static SharedBudget modelReads(TokenBuckets buckets) {
        return new SharedBudget("model-reads", RequestBudget.AZURE_MODEL_READ_DEFAULT, buckets, System::nanoTime);
    }
}
