package dev.vmssrollout.worker.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.workflows.Notification;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Operator text reaches chat as typed: it cannot ping a channel, mention someone or plant a link. */
class PayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "paused by mallory: <!channel> <@U024BE7LH> see [the fix](https://evil.example) **now**"
            + " <at>Alice</at> & more";

    private static Notification paused(String message) {
        return new Notification("r-1", 7, RolloutState.PAUSED, new ScaleSetRef("00000000-0000-0000-0000-000000000000",
                "demo-rg", "web"), message, 1, 5, "mallory", Instant.parse("2026-12-04T12:00:00Z"));
    }

    @Test
    void slackTextAndBlocksCarryNoSpecialMentionOrLinkFromOperatorText() throws Exception {
        JsonNode body = JSON.readTree(Payloads.render(paused(HOSTILE), WebhookFormat.SLACK, null));

        String text = body.path("text").asText();
        String block = body.path("blocks").get(0).path("text").path("text").asText();
        for (String shown : new String[] {text, block}) {
            assertThat(shown).doesNotContain("<!channel>", "<@U024BE7LH>", "<at>")
                    .contains("&lt;!channel&gt;", "&lt;@U024BE7LH&gt;", "&amp; more");
        }
    }

    @Test
    void teamsCardTextShowsMarkdownAndMentionsAsTypedNotAsMarkup() throws Exception {
        JsonNode body = JSON.readTree(Payloads.render(paused(HOSTILE), WebhookFormat.TEAMS, "https://rollouts.example/r-1"));

        String message = body.path("attachments").get(0).path("content").path("body").get(1).path("text").asText();
        assertThat(message).doesNotContain("[the fix](", "**now**", "<at>")
                .contains("\\[the fix\\]\\(https://evil.example\\)", "\\*\\*now\\*\\*", "&lt;at&gt;Alice&lt;/at&gt;", "&amp; more");
        // The link the product itself adds stays a real action.
        assertThat(body.path("attachments").get(0).path("content").path("actions").get(0).path("url").asText())
                .isEqualTo("https://rollouts.example/r-1");
    }

    @Test
    void teamsEscapingLeavesOrdinaryTextReadable() {
        assertThat(Payloads.teamsEscape("wave 2/5 of demo-rg/web approved by bob")).isEqualTo("wave 2/5 of demo-rg/web approved by bob");
        assertThat(Payloads.teamsEscape("- not a list\n + nor this")).isEqualTo("\\- not a list\n \\+ nor this");
        assertThat(Payloads.teamsEscape(null)).isEmpty();
    }
}
