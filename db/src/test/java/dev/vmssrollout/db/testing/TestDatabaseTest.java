package dev.vmssrollout.db.testing;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestDatabaseTest {

    @Test
    void eachTestDatabaseIsEmptyAndSeesOnlyItsOwnRows() {
        try (TestDatabase first = TestDatabase.migrated(); TestDatabase second = TestDatabase.migrated()) {
            JdbcClient one = JdbcClient.create(first.dataSource());
            JdbcClient two = JdbcClient.create(second.dataSource());
            one.sql("CREATE TABLE marker (id int)").update();
            one.sql("INSERT INTO marker VALUES (1)").update();

            assertThat(one.sql("SELECT count(*) FROM marker").query(Long.class).single()).isEqualTo(1);
            assertThatThrownBy(() -> two.sql("SELECT count(*) FROM marker").query(Long.class).single())
                    .hasMessageContaining("marker");
            assertThat(two.sql("SELECT count(*) FROM rollouts").query(Long.class).single()).isZero();
            assertThat(first.databaseName()).isNotEqualTo(second.databaseName());
            assertThat(first.jdbcUrl()).contains(first.databaseName());
            assertThat(first.username()).isNotBlank();
        }
    }

    @Test
    void usesTheServerNamedByTheEnvironmentOnlyWhenItIsSet() {
        String external = System.getenv(TestDatabase.URL_VARIABLE);
        try (TestDatabase database = TestDatabase.create()) {
            String serverOfDatabase = database.jdbcUrl().substring(0, database.jdbcUrl().lastIndexOf('/'));
            if (external == null || external.isBlank()) {
                assertThat(TestDatabase.usesExternalServer()).isFalse();
                assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://localhost:");
            } else {
                assertThat(TestDatabase.usesExternalServer()).isTrue();
                assertThat(external).startsWith(serverOfDatabase + "/");
            }
            assertThat(database.toString()).contains(database.databaseName());
        }
    }

    @Test
    void closingDropsTheDatabase() {
        TestDatabase witness = TestDatabase.create();
        TestDatabase dropped = TestDatabase.create();
        String name = dropped.databaseName();
        JdbcClient.create(dropped.dataSource()).sql("SELECT 1").query(Integer.class).single();

        dropped.close();
        dropped.close();

        try (witness) {
            assertThat(JdbcClient.create(witness.dataSource())
                    .sql("SELECT count(*) FROM pg_database WHERE datname = :name").param("name", name)
                    .query(Long.class).single()).isZero();
        }
    }
}
