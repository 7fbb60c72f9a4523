package dev.vmssrollout.db;

import dev.vmssrollout.model.store.StoreUnavailableException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;

/**
 * Brings a database to the current schema with Flyway. Safe to call on every start: migrations
 * already applied are skipped. A Spring Boot app may let Boot's Flyway auto-configuration run the
 * same {@value #LOCATION} instead.
 */
public final class DatabaseMigrations {

    public static final String LOCATION = "classpath:db/migration";

    private DatabaseMigrations() {
    }

    /**
     * @return how many migrations this call applied (0 when the schema was current)
     * @throws StoreUnavailableException the database cannot be reached
     */
    public static int migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .validateMigrationNaming(true)
                .load();
        try {
            return flyway.migrate().migrationsExecuted;
        } catch (FlywayException e) {
            if (StoreFailures.isUnavailable(e)) {
                throw new StoreUnavailableException("cannot migrate the rollout database: " + e.getMessage(), e);
            }
            throw e;
        }
    }
}
