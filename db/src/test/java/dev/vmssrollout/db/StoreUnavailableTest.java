package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.store.RolloutQuery;
import dev.vmssrollout.model.store.StoreUnavailableException;
import dev.vmssrollout.model.store.UnknownRolloutException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreUnavailableTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void everyOperationReportsADatabaseThatCannotBeReached() throws IOException {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[]{"127.0.0.1"});
        nowhere.setPortNumbers(new int[]{closedPort()});
        nowhere.setDatabaseName("test");
        nowhere.setUser("postgres");
        nowhere.setConnectTimeout(5);
        JdbcRolloutStore store = new JdbcRolloutStore(nowhere);
        ScaleSetRef target = Fixtures.freshScaleSet();

        List<ThrowingCallable> operations = List.of(
                () -> store.create(Fixtures.newRollout(target)),
                () -> store.record(new EventScript("r-1").paused("bob", "why")),
                () -> store.find("r-1"),
                () -> store.list(RolloutQuery.all()),
                () -> store.findActive(target),
                store::nonTerminal,
                () -> DatabaseMigrations.migrate(nowhere));
        for (ThrowingCallable operation : operations) {
            assertThatThrownBy(operation)
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("Connection")
                    .hasMessageContaining("refused");
        }
    }

    @Test
    void aMistakeIsNotMistakenForAnOutage() {
        JdbcRolloutStore store = new JdbcRolloutStore(db.dataSource());

        assertThatThrownBy(() -> store.record(new EventScript("no-such-rollout").paused("bob", "why")))
                .isInstanceOf(UnknownRolloutException.class);
        assertThat(StoreFailures.isUnavailable(new IllegalStateException("bug"))).isFalse();
    }

    /** A port nobody listens on: bound by the OS, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
