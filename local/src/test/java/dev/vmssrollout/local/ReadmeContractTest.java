package dev.vmssrollout.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What README.md's quick start and docs/configuration.md promise, checked without starting anything. */
class ReadmeContractTest {

    private final Readme readme = Readme.load();

    @Test
    void quickStartOpensWithOneCommandThatBuildsAndStartsTheLocalStack() throws Exception {
        List<String> blocks = Readme.codeBlocks(readme.section("Quick start"));
        assertThat(blocks).isNotEmpty();
        assertThat(blocks.get(0).strip()).as("the first code block of the quick start").doesNotContain("\n")
                .isEqualTo("./scripts/local.sh");

        Path script = Path.of(System.getProperty("vmss.readme")).resolveSibling("scripts/local.sh");
        assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
        assertThat(Files.readString(script))
                .as("the script builds the stack and the CLI the quick start uses")
                .contains("mvn -B -q -pl local,cli -am package -DskipTests")
                .contains("-jar local/target/vmss-rollout-local-app.jar");
    }

    @Test
    void theStackPrintsTheCommandsTheReadmeShows() {
        String quickStart = readme.section("Quick start");
        for (String line : FirstRollout.submit(Curl.README_API)) {
            assertThat(quickStart).contains(line);
        }
        assertThat(quickStart).contains(FirstRollout.approve(Curl.README_API)).contains(FirstRollout.watch(Curl.README_API));
    }

    @Test
    void everyConfigurationVariableOfTheLocalStackIsInTheConfigurationPage() {
        String configuration = Readme.doc("docs/configuration.md").text();
        for (String variable : List.of("VMSS_LOCAL_API_PORT", "VMSS_LOCAL_TEMPORAL_PORT", "VMSS_LOCAL_SIMULATOR_PORT",
                "VMSS_LOCAL_POSTGRES_PORT", "VMSS_LOCAL_DATA", "SPRING_DATASOURCE_URL")) {
            assertThat(configuration).contains("`" + variable + "`");
            assertThat(LocalOptions.USAGE).contains(variable);
        }
    }

    @Test
    void everyVariableTheWorkerReadsIsInTheConfigurationTable() throws Exception {
        Path workerMain = Path.of(System.getProperty("vmss.readme"))
                .resolveSibling("worker/src/main/java/dev/vmssrollout/worker/WorkerMain.java");
        Matcher read = Pattern.compile("env\\.(?:get|getOrDefault)\\(\"([A-Z_]+)\"|duration\\(env, \"([A-Z_]+)\"")
                .matcher(Files.readString(workerMain));
        List<String> variables = new java.util.ArrayList<>();
        while (read.find()) {
            variables.add(read.group(1) != null ? read.group(1) : read.group(2));
        }
        assertThat(variables).contains("TEMPORAL_ADDRESS", "VMSS_ROLLOUT_DB_URL", "VMSS_ROLLOUT_ARM_ENDPOINT");
        String configuration = Readme.doc("docs/configuration.md").text();
        assertThat(variables).allSatisfy(variable -> assertThat(configuration).contains("`" + variable + "`"));
    }
}
