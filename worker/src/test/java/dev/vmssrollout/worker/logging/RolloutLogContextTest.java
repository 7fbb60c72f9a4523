package dev.vmssrollout.worker.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.workflows.Notification;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.Header;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutLogContextTest {

    private static final ScaleSetRef WEB = new ScaleSetRef("s", "demo-rg", "web");

    @Test
    void anAzureActivityOfARolloutGetsTheRolloutFromItsWorkflowAndTheWaveFromTheHeader() {
        Header header = new Header(Map.of(RolloutLogContext.WAVE_HEADER,
                DefaultDataConverter.STANDARD_INSTANCE.toPayload(3).orElseThrow()));

        assertThat(RolloutLogContext.fields("rollout-r-9", new Object[]{WEB, List.of("3", "8")}, header))
                .isEqualTo(Map.of("rolloutId", "r-9", "scaleSet", "demo-rg/web", "wave", "3"));
    }

    @Test
    void progressEventsAndNotificationsNameTheirRolloutAndWave() {
        ProgressEvent event = new ProgressEvent("r-1", 7, Instant.now(), EventType.WAVE_STARTED, null, "wave 2/5 started",
                RolloutState.RUNNING, 1, null, Map.of(), null, null);
        assertThat(RolloutLogContext.fields("rollout-r-1", new Object[]{event}, Header.empty()))
                .containsEntry("rolloutId", "r-1").containsEntry("wave", "1");

        Notification paused = new Notification("r-2", 9, RolloutState.PAUSED, WEB, "paused", 4, 5, "carol", Instant.now());
        assertThat(RolloutLogContext.fields("rollout-r-2", new Object[]{paused}, Header.empty()))
                .containsEntry("rolloutId", "r-2").containsEntry("wave", "4").containsEntry("scaleSet", "demo-rg/web");
    }

    @Test
    void workOutsideARolloutGetsNoRolloutId() {
        assertThat(RolloutLogContext.fields("inspect-demo-rg-web-1", new Object[]{WEB}, Header.empty()))
                .isEqualTo(Map.of("scaleSet", "demo-rg/web"));
    }

    @Test
    void theFieldsAreThereForTheCallAndGoneAfterIt() {
        String inside = RolloutLogContext.with(Map.of("rolloutId", "r-3"), () -> MDC.get("rolloutId"));
        assertThat(inside).isEqualTo("r-3");
        assertThat(MDC.get("rolloutId")).isNull();
    }

    @Test
    void jsonLogsCarryTheMdcAsFields() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%msg%n");
        text.start();
        appender.setEncoder(text);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger("dev.vmssrollout.test.json");
        logger.setAdditive(false);
        logger.addAppender(appender);

        LogFormat.writeJson(appender, context);
        RolloutLogContext.with(Map.of("rolloutId", "r-4", "wave", "2"), () -> {
            logger.info("wave {} upgraded", 2);
            return null;
        });
        logger.detachAppender(appender);

        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        assertThat(line.path("message").asText()).isEqualTo("wave 2 upgraded");
        assertThat(line.path("rolloutId").asText()).isEqualTo("r-4");
        assertThat(line.path("wave").asText()).isEqualTo("2");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
    }
}
