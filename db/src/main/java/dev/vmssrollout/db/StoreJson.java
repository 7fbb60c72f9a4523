package dev.vmssrollout.db;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.ProgressEvent;

import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON stored in the jsonb columns. The store owns this format, whatever the caller's mapper
 * is configured to do for HTTP: rows written today must read back after the API's Jackson
 * settings change, so the settings the format depends on are fixed here.
 */
final class StoreJson {

    /** The change-specific fields of a {@link ProgressEvent}, as stored in {@code events.payload}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record EventPayload(RolloutState rolloutState, WaveState waveState, Map<String, InstanceState> instances,
                        WavePlan wavePlan, ProgressEvent.Baseline baseline) {

        static EventPayload of(ProgressEvent event) {
            Map<String, InstanceState> sorted = new TreeMap<>(InstanceIds.ORDER);
            sorted.putAll(event.instances());
            return new EventPayload(event.rolloutState(), event.waveState(), sorted, event.wavePlan(), event.baseline());
        }
    }

    private final ObjectMapper mapper;

    StoreJson(ObjectMapper base) {
        mapper = base.copy()
                .registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.LOWER_CAMEL_CASE)
                // ISO-8601 text ("PT30M", "2025-01-01T10:00:00Z") stays readable in psql.
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                // Rows outlive releases: a field added to a record later must not break reading old rows, nor the reverse.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Only record components are data; Image.isPlatform() is derived and must not be stored.
                .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not a " + type.getSimpleName() + ": " + json, e);
        }
    }

    RolloutPlan readPlan(String json) {
        return read(json, RolloutPlan.class);
    }

    ProgressEvent.Baseline readBaseline(String json) {
        return read(json, ProgressEvent.Baseline.class);
    }
}
