package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.store.NewRollout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseMigrationsTest {

    private static final TestDatabase db = TestDatabase.create();

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void migratesAnEmptyDatabaseAndSkipsEverythingOnRestart() {
        assertThat(DatabaseMigrations.migrate(db.dataSource())).isEqualTo(11);
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        assertThat(jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .query(String.class).list())
                .contains("rollouts", "waves", "instances", "approvals", "events", "notification_deliveries", "calendars",
                        "calendar_defaults", "api_requests", "analysis_measurements", "releases",
                        "release_scale_sets", "token_buckets");

        // A restarted process brings its own DataSource and runs the migrations again.
        PGSimpleDataSource afterRestart = new PGSimpleDataSource();
        afterRestart.setURL(db.jdbcUrl());
        assertThat(DatabaseMigrations.migrate(afterRestart)).isZero();
        assertThat(jdbc.sql("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")
                .query((rs, row) -> rs.getString("version") + ":" + rs.getBoolean("success")).list())
                .containsExactly("1:true", "2:true", "3:true", "3.1:true", "4:true", "5:true", "6:true", "7:true", "8:true",
                        "9:true", "10:true");
    }

    @Test
    void eventsCannotBeRewrittenOrDeleted() {
        DatabaseMigrations.migrate(db.dataSource());
        JdbcRolloutStore store = new JdbcRolloutStore(db.dataSource());
        NewRollout rollout = Fixtures.newRollout(Fixtures.freshScaleSet());
        store.create(rollout);
        JdbcClient jdbc = JdbcClient.create(db.dataSource());

        assertThatThrownBy(() -> jdbc.sql("UPDATE events SET message = 'edited' WHERE rollout_id = :id")
                .param("id", rollout.rolloutId()).update())
                .isInstanceOf(UncategorizedSQLException.class)
                .hasMessageContaining("events are append-only: UPDATE");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM events WHERE rollout_id = :id")
                .param("id", rollout.rolloutId()).update())
                .hasMessageContaining("events are append-only: DELETE");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE events CASCADE").update())
                .hasMessageContaining("events are append-only: TRUNCATE");
        assertThat(store.find(rollout.rolloutId()).orElseThrow().events())
                .singleElement().satisfies(e -> assertThat(e.message()).isEqualTo("rollout submitted by alice"));
    }
}
