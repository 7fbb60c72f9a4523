package dev.vmssrollout.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HealthPolicyTest {

    @ParameterizedTest(name = "a wave of {0} at {1}% tolerates {2}")
    @CsvSource({
            "4,   0,   0",
            "4,   25,  1",
            // 1.5 instances would be 50%; 2 of 3 is 67%, more than allowed, so only 1 is tolerated.
            "3,   50,  1",
            "9,   10,  0",
            "10,  10,  1",
            "1,   99,  0",
            "5,   100, 5",
            "0,   50,  0",
    })
    void toleratesUnhealthyInstancesUpToThePercentRoundedDown(int waveSize, int percent, int tolerated) {
        HealthPolicy policy = new HealthPolicy(Duration.ofMinutes(10), Duration.ZERO, percent);

        assertThat(policy.toleratedUnhealthy(waveSize)).isEqualTo(tolerated);
    }

    @Test
    void defaultsToThirtyMinutesNoSoakAndNoUnhealthyInstance() {
        assertThat(HealthPolicy.defaults()).isEqualTo(new HealthPolicy(Duration.ofMinutes(30), Duration.ZERO, 0));
    }
}
