package dev.vmssrollout.cli.plan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"PT30S, PT30S", "pt5m, PT5M", "PT90S, PT1M30S", "30s, PT30S", "5m, PT5M", "1h30m, PT1H30M",
            "2h, PT2H", "500ms, PT0.5S", "1m30s, PT1M30S", "' 10s ', PT10S", "P1D, PT24H", "0s, PT0S"})
    void shortAndIsoFormsBecomeIso(String text, String iso) {
        assertThat(Durations.iso(text)).isEqualTo(iso);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "30", "5 m", "1d", "-5s", "99999999999999999999h"})
    void anythingElseIsNotADuration(String text) {
        assertThat(Durations.iso(text)).isNull();
    }
}
