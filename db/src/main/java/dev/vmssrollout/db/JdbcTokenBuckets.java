package dev.vmssrollout.db;

import dev.vmssrollout.model.store.TokenBuckets;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Token buckets in PostgreSQL (table {@code token_buckets}, migration V9): a change reads its row FOR UPDATE, so
 * changes of one bucket from any number of workers happen one after the other, and measures time on the database's
 * clock, which every worker shares.
 */
public final class JdbcTokenBuckets implements TokenBuckets {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public JdbcTokenBuckets(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        this.jdbc = JdbcClient.create(new JdbcTemplate(dataSource));
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public double change(String bucket, double initialTokens, Change change) {
        Objects.requireNonNull(bucket, "bucket");
        return StoreFailures.guard("change token bucket " + bucket, () -> tx.execute(status -> {
            // Two round trips once the bucket exists, the common case; its first change creates it.
            Map<String, Object> row = lockedRow(bucket).orElseGet(() -> {
                jdbc.sql("INSERT INTO token_buckets (bucket, tokens, changed_at)"
                                + " VALUES (:bucket, :tokens, clock_timestamp()) ON CONFLICT (bucket) DO NOTHING")
                        .param("bucket", bucket).param("tokens", initialTokens).update();
                return lockedRow(bucket).orElseThrow();
            });
            double elapsed = Math.max(0, ((Number) row.get("elapsed")).doubleValue());
            Changed changed = change.apply(((Number) row.get("tokens")).doubleValue(), elapsed);
            jdbc.sql("UPDATE token_buckets SET tokens = :tokens, changed_at = clock_timestamp() WHERE bucket = :bucket")
                    .param("tokens", changed.tokens()).param("bucket", bucket).update();
            return changed.answer();
        }));
    }

    private Optional<Map<String, Object>> lockedRow(String bucket) {
        return jdbc.sql("SELECT tokens, extract(epoch FROM clock_timestamp() - changed_at)"
                        + " AS elapsed FROM token_buckets WHERE bucket = :bucket FOR UPDATE")
                .param("bucket", bucket).query().listOfRows().stream().findFirst();
    }
}
