package dev.vmssrollout.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A mistyped command or option gets suggestions, and a slip on the way to a harmless command never gets an irreversible one. */
class TypoSuggestionsTest extends AgainstStubApi {

    private static final List<String> HARMLESS = List.of("list", "status", "pause", "preview", "submit", "calendars",
            "approve", "override", "resume", "retry", "help");

    @Test
    void swappedLettersSuggestTheCommandPicocliAloneMisses() {
        TestCli.Result result = cli.run("lsit");

        assertThat(result.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(result.err()).isEqualTo("error: Unmatched argument at index 0: 'lsit'\n"
                + "Did you mean: vmss-rollout list?\n"
                + "See 'vmss-rollout --help'.\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void noSlipOnTheWayToAHarmlessCommandIsAnsweredWithAnIrreversibleOne() {
        // One parser for the couple of hundred slips: building the command line per run would take half a minute.
        CommandLine parser = new CommandLine(new VmssRollout(null));
        for (String typo : slipsOf(HARMLESS)) {
            ParameterException refused = catchThrowableOfType(() -> parser.parseArgs(typo, "3f2a"), ParameterException.class);

            assertThat(refused).as(typo).isNotNull();
            assertThat(Suggestions.of(refused)).as(typo).doesNotContainAnyElementsOf(Suggestions.IRREVERSIBLE);
        }
        assertThat(cli.run("stauts", "3f2a").err()).contains("Did you mean: vmss-rollout status?\n");
        assertThat(cli.run("sumbit").err()).contains("Did you mean: vmss-rollout submit?\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void aSlipOnTheWayToAnIrreversibleCommandStillGetsIt() {
        assertThat(cli.run("cancle", "3f2a").err()).contains("Did you mean: vmss-rollout cancel?\n");
        assertThat(cli.run("rolback", "3f2a").err()).contains("Did you mean: vmss-rollout rollback?\n");
        assertThat(cli.run("calendars", "delte", "x").err()).contains("Did you mean: vmss-rollout calendars delete?\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void mistypedOptionsGetTheirNameAndNothingCloseGetsNoGuess() {
        assertThat(cli.run("status", "3f2a", "--wach").err()).contains("Did you mean: --watch?\n");
        assertThat(cli.run("submit", "--image-verison", "1").err()).contains("Did you mean: --image-version?\n");

        TestCli.Result nothingClose = cli.run("abort", "3f2a");

        assertThat(nothingClose.err()).doesNotContain("Did you mean");
        assertThat(api.requests()).isEmpty();
    }

    /** Each name with one letter dropped, one pair of neighbours swapped, or one letter doubled. */
    private static List<String> slipsOf(List<String> names) {
        List<String> slips = new ArrayList<>();
        for (String name : names) {
            for (int i = 0; i < name.length(); i++) {
                slips.add(name.substring(0, i) + name.substring(i + 1));
                slips.add(name.substring(0, i + 1) + name.charAt(i) + name.substring(i + 1));
                if (i + 1 < name.length()) {
                    slips.add(name.substring(0, i) + name.charAt(i + 1) + name.charAt(i) + name.substring(i + 2));
                }
            }
        }
        slips.removeAll(names);
        return slips;
    }
}
