package dev.vmssrollout.cli.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StyleTest {

    @Test
    void wrapCountsOnlyVisibleCharactersAndCarriesAColourAcrossTheSplit() {
        String line = "ab\u001B[31mcdef\u001B[0mgh";

        assertThat(Style.wrap(line, 3)).containsExactly("ab\u001B[31mc\u001B[0m", "\u001B[31mdef\u001B[0m", "gh");
        assertThat(Style.wrap("plain", 10)).containsExactly("plain");
        assertThat(Style.wrap("", 10)).containsExactly("");
    }
}
