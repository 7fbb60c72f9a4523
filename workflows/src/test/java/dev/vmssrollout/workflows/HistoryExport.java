package dev.vmssrollout.workflows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Regenerates the histories that {@link ReplayTest} replays, when a deliberate, versioned change
 * to the workflow calls for new ones (never to make a failing replay pass):
 * {@code mvn -f workflows/pom.xml test -Dtest=HistoryExport -DexportHistories=true}
 */
@EnabledIfSystemProperty(named = "exportHistories", matches = "true")
class HistoryExport {

    static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "histories");

    @Test
    void exportRepresentativeRollouts() throws IOException {
        Files.createDirectories(DIRECTORY);
        for (RepresentativeRollouts.Scenario scenario : RepresentativeRollouts.all()) {
            try (RolloutHarness harness = new RolloutHarness()) {
                scenario.run().apply(harness);
                String workflowId = harness.stub().getExecution().getWorkflowId();
                Files.writeString(DIRECTORY.resolve(scenario.name() + ".json"),
                        harness.client().fetchHistory(workflowId).toJson(true));
            }
        }
    }
}
