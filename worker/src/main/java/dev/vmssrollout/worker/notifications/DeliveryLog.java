package dev.vmssrollout.worker.notifications;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Which notifications each webhook already has (table notification_deliveries, migration V2). */
public final class DeliveryLog {

    private static final int QUERY_TIMEOUT_SECONDS = 10;

    private final DataSource dataSource;

    public DeliveryLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    boolean delivered(String idempotencyKey, Webhook webhook) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT 1 FROM notification_deliveries WHERE idempotency_key = ? AND webhook = ?")) {
            query.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            query.setString(1, idempotencyKey);
            query.setString(2, webhook.id());
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    void record(String idempotencyKey, Webhook webhook, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO notification_deliveries (idempotency_key, webhook, delivered_at) VALUES (?, ?, ?)
                     ON CONFLICT DO NOTHING""")) {
            insert.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            insert.setString(1, idempotencyKey);
            insert.setString(2, webhook.id());
            insert.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }
}
