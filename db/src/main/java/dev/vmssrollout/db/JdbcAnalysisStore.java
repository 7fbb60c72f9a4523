package dev.vmssrollout.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.store.AnalysisStore;
import dev.vmssrollout.model.store.Measurement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The evidence of metric analyses on PostgreSQL (table {@code analysis_measurements}, migration V5). */
public final class JdbcAnalysisStore implements AnalysisStore {

    private static final String COLUMNS = "wave_index, analysis_started_at, sample, check_name, provider, query, "
            + "range_from, range_to, instance_values, value, baseline, condition, verdict, reason, measured_at";
    private static final TypeReference<LinkedHashMap<String, Double>> VALUES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json = new ObjectMapper();

    public JdbcAnalysisStore(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        this.jdbc = JdbcClient.create(new JdbcTemplate(dataSource));
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public List<Measurement> recordSample(String rolloutId, List<Measurement> measurements) {
        if (measurements.isEmpty()) {
            return List.of();
        }
        Measurement first = measurements.get(0);
        return StoreFailures.guard("record analysis sample", () -> tx.execute(status -> {
            // One sample is all or nothing: a sample already stored (by an attempt that crashed after
            // committing) is answered as stored, not measured twice.
            List<Measurement> stored = sample(rolloutId, first.waveIndex(), first.analysisStartedAt(), first.sample());
            if (!stored.isEmpty()) {
                return stored;
            }
            for (Measurement m : measurements) {
                jdbc.sql("INSERT INTO analysis_measurements (rollout_id, " + COLUMNS + ") VALUES (:rollout, :wave, "
                                + ":started, :sample, :check, :provider, :query, :from, :to, :values::jsonb, :value, "
                                + ":baseline, :condition, :verdict, :reason, :measuredAt) ON CONFLICT DO NOTHING")
                        .param("rollout", rolloutId).param("wave", m.waveIndex())
                        .param("started", Timestamps.toDb(m.analysisStartedAt())).param("sample", m.sample())
                        .param("check", m.check()).param("provider", m.provider()).param("query", m.query())
                        .param("from", Timestamps.toDb(m.from())).param("to", Timestamps.toDb(m.to()))
                        .param("values", write(m.instanceValues())).param("value", m.value())
                        .param("baseline", m.baseline()).param("condition", m.condition())
                        .param("verdict", m.verdict().name()).param("reason", m.reason())
                        .param("measuredAt", Timestamps.toDb(m.measuredAt()))
                        .update();
            }
            jdbc.sql("UPDATE rollouts SET version = version + 1 WHERE id = :id").param("id", rolloutId).update();
            return sample(rolloutId, first.waveIndex(), first.analysisStartedAt(), first.sample());
        }));
    }

    @Override
    public List<Measurement> sample(String rolloutId, int waveIndex, Instant analysisStartedAt, int sample) {
        return StoreFailures.guard("read analysis sample", () -> jdbc.sql("SELECT " + COLUMNS
                        + " FROM analysis_measurements WHERE rollout_id = :rollout AND wave_index = :wave"
                        + " AND analysis_started_at = :started AND sample = :sample ORDER BY check_name")
                .param("rollout", rolloutId).param("wave", waveIndex)
                .param("started", Timestamps.toDb(analysisStartedAt)).param("sample", sample)
                .query(this::read).list());
    }

    @Override
    public List<Measurement> measurements(String rolloutId) {
        return StoreFailures.guard("read analysis measurements", () -> jdbc.sql("SELECT " + COLUMNS
                        + " FROM analysis_measurements WHERE rollout_id = :rollout"
                        + " ORDER BY wave_index, analysis_started_at, sample, check_name")
                .param("rollout", rolloutId)
                .query(this::read).list());
    }

    private Measurement read(ResultSet rs, int row) throws SQLException {
        return new Measurement(rs.getInt("wave_index"), Timestamps.read(rs, "analysis_started_at"), rs.getInt("sample"),
                rs.getString("check_name"), rs.getString("provider"), rs.getString("query"),
                Timestamps.read(rs, "range_from"), Timestamps.read(rs, "range_to"),
                readValues(rs.getString("instance_values")), nullableDouble(rs, "value"),
                nullableDouble(rs, "baseline"), rs.getString("condition"), Verdict.valueOf(rs.getString("verdict")),
                rs.getString("reason"), Timestamps.read(rs, "measured_at"));
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private String write(Map<String, Double> values) {
        try {
            return json.writeValueAsString(values == null ? Map.of() : values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store instance values " + values, e);
        }
    }

    private Map<String, Double> readValues(String text) {
        try {
            return json.readValue(text, VALUES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored instance values are not a JSON object: " + text, e);
        }
    }
}
