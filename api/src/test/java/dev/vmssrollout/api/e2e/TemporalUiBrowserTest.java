package dev.vmssrollout.api.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.workflows.DirectActions;
import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.testing.TestTemporal;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Point;
import org.openqa.selenium.WebElement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a Temporal user does: in the real Temporal Web UI (headless Chromium), find a rollout's workflow by its search
 * attribute, open it, and approve the waiting wave with the UI's "Send a Signal" form ({@code approveSignal}, with an
 * {@code ApproveWave} JSON payload). The shared end-to-end worker runs with {@value DirectActions#VARIABLE}'s default,
 * {@code refuse}, so the rollout records what docs/security.md promises for it: the signal arrives, is refused with
 * its reason in the event log and in the workflow's current details (which the UI shows), and the wave still waits.
 * Accepting it under {@code accept} is {@code TemporalSideDoorTest}'s, on the same workflow code.
 */
class TemporalUiBrowserTest extends EndToEndTestSupport {

    private static final String APPROVAL = "{\"approver\": \"bob\", \"wave\": 0, \"comment\": \"canary looks good in the Temporal UI\"}";

    @BeforeAll
    static void chromiumAndTheRealTemporalUi() {
        assumeTrue(Browser.available(), "needs Debian's chromium and chromium-driver (" + Browser.CHROMIUM + ", "
                + Browser.CHROMEDRIVER + "); .ci/run installs them");
        TestTemporal.assumeReal(LocalStack.get().realTemporal());
    }

    @Test
    void aWaveApprovedThroughTheTemporalUisSendASignalFormIsRefusedVisiblyByDefault() {
        LocalStack.get().scaleSet("e2e-temporal-ui", 5, 50, 30);
        String id = read(submitted("e2e-temporal-ui"), "$.id");
        String workflowId = TaskQueues.workflowId(id);
        awaitRollout(id, json -> Integer.valueOf(0).equals(read(json, "$.waitingForApprovalWave")));

        try (Browser browser = Browser.openAt(LocalStack.get().temporalUiUrl())) {
            try {
                sendApprovalInTheUi(browser, workflowId, "e2e-temporal-ui");

                String refused = awaitRollout(id, json ->
                        !((List<?>) read(json, "$.events[?(@.type == 'OPERATOR_ACTION_REFUSED')]")).isEmpty());
                assertThat((List<String>) read(refused, "$.events[?(@.type == 'OPERATOR_ACTION_REFUSED')].message"))
                        .singleElement().asString()
                        .startsWith("approve from bob refused: it arrived through Temporal directly")
                        .contains(DirectActions.VARIABLE + "=refuse");
                assertThat((List<?>) read(refused, "$.approvals")).as("nothing approved").isEmpty();
                assertThat((String) read(refused, "$.state")).isEqualTo("WAITING_FOR_APPROVAL");
                assertThat((Integer) read(refused, "$.waitingForApprovalWave")).isZero();

                // The person who sent it sees why on the workflow's page: the current details (the UI's User
                // Metadata tab) name the refusal. The workflow sets them once the event is recorded, so the page is
                // opened when Temporal answers them.
                WorkflowStub workflow = LocalStack.get().client.newUntypedWorkflowStub(workflowId);
                await().atMost(Duration.ofSeconds(20)).until(() -> workflow.query("__temporal_workflow_metadata",
                        WorkflowMetadata.class).getCurrentDetails().contains("last refused"));
                browser.get("/namespaces/default/workflows/" + workflowId);
                browser.clickDisplayed("[data-testid=user-metadata-tab]", null);
                String details = browser.until(d -> {
                    d.switchTo().frame(d.findElement(By.id("user-metadata-current-details")));
                    try {
                        String shown = d.findElement(By.tagName("body")).getText();
                        return shown.contains("last refused: approve from bob") ? shown : null;
                    } finally {
                        d.switchTo().defaultContent();
                    }
                });
                // (The UI renders the details as Markdown, whose typography turns "1/5" into "1⁄5".)
                assertThat(details).startsWith("wave 1").contains("waiting for approval (last refused: approve from bob: "
                        + "it arrived through Temporal directly");
                browser.screenshot("temporal-ui-refusal-in-current-details");
            } catch (RuntimeException | AssertionError e) {
                browser.screenshot("temporal-ui-failure");
                browser.pageSource("temporal-ui-failure");
                throw e;
            }
        }
    }

    /** As a person does it: the list filtered by the scale set, the workflow's page, More Actions, Send a Signal. */
    private static void sendApprovalInTheUi(Browser browser, String workflowId, String scaleSet) {
        // The workflow list, filtered by the ScaleSet search attribute as a person types it in the UI.
        String query = "ScaleSet = \"" + LocalStack.RESOURCE_GROUP + "/" + scaleSet + "\"";
        browser.get("/namespaces/default/workflows?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        browser.displayed("a", workflowId);
        assertThat(browser.driver.findElements(By.cssSelector("a")).stream().filter(WebElement::isDisplayed)
                .filter(a -> a.getText().trim().startsWith("rollout-")).toList())
                .as("only this scale set's rollout is listed").hasSize(1);
        browser.screenshot("temporal-ui-workflows-by-scale-set");
        browser.clickDisplayed("a", workflowId);
        browser.until(d -> d.getCurrentUrl().contains("/workflows/" + workflowId + "/"));
        // More Actions opens a menu with a transition; a click on "Send a Signal" while it opens may miss, and then
        // the person opens the menu again, as this loop does until the dialog is there.
        WebElement dialog = browser.until(Duration.ofSeconds(30), d -> {
            Optional<WebElement> open = browser.displayedNow("[data-testid=signal-confirmation-modal]", null);
            if (open.isPresent()) {
                return open.get();
            }
            Optional<WebElement> item = browser.displayedNow("[data-testid=signal-button]", null);
            (item.isPresent() ? item : browser.displayedNow("button", "More Actions")).ifPresent(WebElement::click);
            return null;
        });
        // The UI lists the signals the workflow declares (its metadata query); approveSignal is picked from them.
        dialog.findElement(By.cssSelector("[data-testid=signal-select-button]")).click();
        browser.clickDisplayed("[data-testid=signal-confirmation-modal] li[role=option]", "approveSignal");
        WebElement data = browser.displayed("[data-testid=signal-confirmation-modal] [role=textbox][aria-label=Data]", null);
        data.click();
        data.sendKeys(APPROVAL);
        // Leaving the field reformats the JSON over several lines, which moves Submit down: the person's eye follows
        // it, a click must wait for it to stop moving.
        // (A click on the already chosen encoding, json/plain, leaves the field and changes nothing else.)
        dialog.findElement(By.xpath(".//label[.//input[@value='json/plain']]")).click();
        assertThat(dialog.isDisplayed()).as("the Send a Signal dialog is still open").isTrue();
        WebElement submit = dialog.findElement(By.cssSelector("button[data-testid=confirm-modal-button]"));
        Point[] last = {null};
        browser.until(d -> {
            Point now = submit.getLocation();
            boolean still = now.equals(last[0]);
            last[0] = now;
            return still;
        });
        // The editor closes brackets and quotes as one types; what it holds must still be exactly the payload.
        assertThat(json(data.getText())).as("the Data field").isEqualTo(json(APPROVAL));
        browser.screenshot("temporal-ui-send-a-signal");
        submit.click();
        browser.until(d -> d.getPageSource().contains("Workflow signaled."));
    }

    private static Object json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /**
     * Submits as a client should: a 503 stored nothing and says "try again shortly" (on a loaded machine the first
     * scale-set read of a fresh worker JVM can outlast the API's wait for it), so it is sent again, a few times.
     */
    private String submitted(String scaleSet) {
        try {
            var response = submit("alice", body(scaleSet, ", \"approval\": {\"mode\": \"FIRST_WAVE\"}")).getResponse();
            for (int retry = 0; retry < 2 && response.getStatus() == 503; retry++) {
                response = submit("alice", body(scaleSet, ", \"approval\": {\"mode\": \"FIRST_WAVE\"}")).getResponse();
            }
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(201);
            return response.getContentAsString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
