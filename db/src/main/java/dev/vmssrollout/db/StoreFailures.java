package dev.vmssrollout.db;

import dev.vmssrollout.model.store.StoreUnavailableException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.function.Supplier;

/** Tells "the database is down" apart from everything else, and reads which constraint a write violated. */
final class StoreFailures {

    // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections;
    // every 08xxx is a connection exception.
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    private static final int MAX_CAUSES = 20;

    private StoreFailures() {
    }

    /** Runs a store operation, turning a connection failure into {@link StoreUnavailableException}. */
    static <T> T guard(String operation, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            if (isUnavailable(e)) {
                throw new StoreUnavailableException("rollout database unavailable (" + operation + "): "
                        + deepestMessage(e), e);
            }
            if (isDataException(e)) {
                // The same value fails the same way every time: a retry cannot help, the caller must know.
                throw new IllegalArgumentException("the database refused a value (" + operation + "): "
                        + deepestMessage(e), e);
            }
            throw e;
        }
    }

    static boolean isUnavailable(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof ConnectException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 22, data exception: a value the database cannot hold (NUL in text, an invalid number...). */
    static boolean isDataException(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState().startsWith("22");
            }
        }
        return false;
    }

    /** The name of the constraint or unique index a write violated, or null when it is not known. */
    static String violatedConstraint(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof PSQLException psql) {
                ServerErrorMessage server = psql.getServerErrorMessage();
                return server == null ? null : server.getConstraint();
            }
        }
        return null;
    }

    private static String deepestMessage(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t.getCause() != null && depth < MAX_CAUSES; depth++) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
