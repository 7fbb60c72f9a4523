package dev.vmssrollout.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI lines of README.md's quick start are commands this CLI accepts, with every flag they use. */
class ReadmeQuickStartCliTest {

    private static final Pattern QUICK_START = Pattern.compile("(?ms)^## Quick start\\s*$(.*?)(?=^## |\\z)");
    private static final Pattern CODE_BLOCK = Pattern.compile("(?ms)^```[a-z]*\\n(.*?)^```");
    private static final String SOME_ID = "f364cc01-aa2f-42cd-8054-0b9abc0bfdb1";

    @Test
    void everyCliLineOfTheQuickStartParses() throws Exception {
        List<String> lines = cliLines(Files.readString(Path.of("..", "README.md")));
        assertThat(lines).as("the quick start shows the CLI").hasSizeGreaterThanOrEqualTo(4);

        List<String> commands = new ArrayList<>();
        for (String line : lines) {
            String[] args = Arrays.stream(line.split("\\s+")).skip(1)
                    .map(word -> word.equals("<ID>") ? SOME_ID : word).toArray(String[]::new);
            CommandLine commandLine = new CommandLine(new VmssRollout(null));
            commandLine.setCaseInsensitiveEnumValuesAllowed(true);
            ParseResult parsed = commandLine.parseArgs(args);
            assertThat(parsed.hasSubcommand()).as(line).isTrue();
            commands.add(parsed.subcommand().commandSpec().name());
        }
        assertThat(commands).as("a newcomer previews, submits, approves and watches")
                .contains("preview", "submit", "approve", "status");
    }

    private static List<String> cliLines(String readme) {
        Matcher section = QUICK_START.matcher(readme);
        assertThat(section.find()).as("README.md has a '## Quick start' section").isTrue();
        List<String> lines = new ArrayList<>();
        Matcher block = CODE_BLOCK.matcher(section.group(1));
        while (block.find()) {
            for (String line : block.group(1).split("\n")) {
                String command = line.replaceFirst("\\s+#.*$", "").strip();
                if (command.startsWith("./vmss-rollout ")) {
                    lines.add(command);
                }
            }
        }
        return lines;
    }
}
