package dev.vmssrollout.model.analysis;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionTest {

    @Test
    void comparesWithAConstant() {
        Condition below = Condition.parse("< 0.05");

        assertThat(below.bound(OptionalDouble.empty())).hasValue(0.05);
        assertThat(below.holds(0.049, 0.05)).isTrue();
        assertThat(below.holds(0.05, 0.05)).isFalse();
        assertThat(Condition.parse(">=99.5").holds(99.5, 99.5)).isTrue();
    }

    @Test
    void comparesWithTheBaselineTimesAFactor() {
        Condition condition = Condition.parse("<= baseline * 1.5");

        assertThat(condition.bound(OptionalDouble.of(0.02))).hasValue(0.03);
        assertThat(Condition.parse("< BASELINE").bound(OptionalDouble.of(120))).hasValue(120);
        assertThat(condition.toString()).isEqualTo("<= baseline * 1.5");
    }

    @Test
    void aMissingOrNaNBaselineGivesNoBoundSoTheMeasurementIsInconclusive() {
        Condition condition = Condition.parse("<= baseline * 1.5");

        assertThat(condition.bound(OptionalDouble.empty())).isEmpty();
        assertThat(condition.bound(OptionalDouble.of(Double.NaN))).isEmpty();
    }

    @Test
    void refusesAnythingElseWithTheFormsItAccepts() {
        for (String bad : new String[]{"0.05", "< ", "< 0.05 or 1", "=< 3", "< baseline * ", "< -1", "< NaN",
                "< baseline + 1"}) {
            assertThatThrownBy(() -> Condition.parse(bad)).as(bad).hasMessageContaining("'<= baseline * 1.5'");
        }
    }
}
