package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -o yaml}: the API's document, every field and digit of it, in YAML, for answers and problems alike. */
class YamlOutputTest extends AgainstStubApi {

    private static final String ID = "5c6d7e8f-0000-4000-8000-00000000000a";
    private static final String ROLLOUT = """
            {"id": "%s", "state": "RUNNING", "plan": {"image": {"version": "1.10"}, "health": {"maxUnhealthyPercent": 12.50}},
             "waves": [{"index": 0, "number": 1, "instanceIds": ["0", "3"]}], "approvals": [], "submittedBy": null}"""
            .formatted(ID);

    @Test
    void statusInYamlIsTheApisDocumentUnchangedButForTheSyntax() throws Exception {
        api.json("GET", "/api/v1/rollouts/" + ID, 200, ROLLOUT);

        TestCli.Result result = cli.run("status", ID, "-o", "yaml");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("version: \"1.10\"").contains("maxUnhealthyPercent: 12.50")
                .doesNotContain("{");
        JsonNode read = new YAMLMapper().readTree(result.out());
        assertThat(read).isEqualTo(new ObjectMapper().readTree(ROLLOUT));
    }

    @Test
    void aProblemInYamlModeGoesToStdoutAsYamlAndTheMessageToStderr() throws Exception {
        api.problem("GET", "/api/v1/rollouts/" + ID, 404, """
                {"title": "Not found", "status": 404, "detail": "no rollout %s"}""".formatted(ID));

        TestCli.Result result = cli.run("status", ID, "--output", "YAML");

        assertThat(result.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(new YAMLMapper().readTree(result.out()).path("status").asInt()).isEqualTo(404);
        assertThat(result.err()).startsWith("error: Not found (404): no rollout " + ID);
    }
}
