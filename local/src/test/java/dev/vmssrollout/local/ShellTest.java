package dev.vmssrollout.local;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShellTest {

    @Test
    void readsACurlInsideCommandSubstitutionWithAMultiLineQuotedBody() {
        String script = """
                ID=$(curl -s -u alice:alice http://localhost:8080/api/v1/rollouts -H 'Content-Type: application/json' -d '
                  {"a": "b"}' | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
                echo "rollout $ID"
                curl -s -o /dev/null -w '%{http_code}\\n' -u bob:bob \\
                  -X POST http://localhost:8080/api/v1/rollouts/$ID/approve   # approve
                """;
        List<List<String>> curls = Shell.curlCommands(script);
        assertThat(curls).hasSize(2);
        Curl submit = Curl.parse(curls.get(0));
        assertThat(submit.method()).isEqualTo("POST");
        assertThat(submit.user()).isEqualTo("alice");
        assertThat(submit.body()).isEqualTo("\n  {\"a\": \"b\"}");
        assertThat(submit.headers()).containsExactly("Content-Type: application/json");
        Curl approve = Curl.parse(curls.get(1));
        assertThat(approve.method()).isEqualTo("POST");
        assertThat(approve.url()).isEqualTo("http://localhost:8080/api/v1/rollouts/$ID/approve");
        assertThat(approve.user()).isEqualTo("bob");
    }
}
