package dev.vmssrollout.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalModeTest {

    @ParameterizedTest(name = "{0} gates wave {1}: {2}")
    @CsvSource({
            "NONE,       0,  false",
            "NONE,       1,  false",
            "NONE,       7,  false",
            // A canary: approve the first wave, then the second once the first has proven healthy.
            "FIRST_WAVE, 0,  true",
            "FIRST_WAVE, 1,  true",
            "FIRST_WAVE, 2,  false",
            "FIRST_WAVE, 9,  false",
            "EVERY_WAVE, 0,  true",
            "EVERY_WAVE, 1,  true",
            "EVERY_WAVE, 42, true",
    })
    void gatesTheWavesItPromises(ApprovalMode mode, int wave, boolean gated) {
        assertThat(mode.gates(wave)).isEqualTo(gated);
    }
}
