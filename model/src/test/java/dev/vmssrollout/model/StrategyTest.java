package dev.vmssrollout.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrategyTest {

    @Test
    void treatsMissingInstanceIdsAndPauseAsNone() {
        Strategy strategy = new Strategy(StrategyMode.BATCH, 2, null, null, null, false);

        assertThat(strategy.instanceIds()).isEmpty();
        assertThat(strategy.pauseBetweenWaves()).isEqualTo(Duration.ZERO);
    }

    @Test
    void keepsItsOwnCopyOfTheInstanceIds() {
        List<String> ids = new ArrayList<>(List.of("1", "2"));
        Strategy strategy = Strategy.of(StrategyMode.INSTANCES).withInstanceIds(ids);

        ids.add("3");

        assertThat(strategy.instanceIds()).containsExactly("1", "2");
        assertThatThrownBy(() -> strategy.instanceIds().add("4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keepsANullInstanceIdForTheValidatorToReport() {
        Strategy strategy = Strategy.of(StrategyMode.INSTANCES).withInstanceIds(Arrays.asList("1", null));

        assertThat(strategy.instanceIds()).containsExactly("1", null);
    }

    @Test
    void witherChangesOnlyItsOwnField() {
        Strategy strategy = Strategy.of(StrategyMode.BATCH).withBatchSize(3).withPauseBetweenWaves(Duration.ofMinutes(1))
                .prioritizingUnhealthy();

        assertThat(strategy).isEqualTo(new Strategy(StrategyMode.BATCH, 3, null, List.of(), Duration.ofMinutes(1), true));
        assertThat(strategy.withBatchPercent(10).batchSize()).isEqualTo(3);
    }
}
