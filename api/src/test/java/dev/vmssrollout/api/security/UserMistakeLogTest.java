package dev.vmssrollout.api.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MvcResult;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Issue 16, item 8: a user's mistake (a mistyped scale set name, which Azure answers with 404 through the worker's
 * inspection) is logged as one line with the reason, by the API and the worker alike, not as a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class UserMistakeLogTest extends SecurityTestSupport {

    @Test
    void aMistypedScaleSetIsOneLineWithTheReasonNotAStackTrace(CapturedOutput output) throws Exception {
        // Before the fix: 287 lines, 247 of them two stack traces at WARN (the activity's and the workflow's).
        int before = output.getAll().length();

        MvcResult refused = mvc.perform(post("/api/v1/rollouts").with(httpBasic("alice", password("alice")))
                .contentType("application/json").content(EndpointSecurityTest.body("wbe-typo", ""))).andReturn();

        assertThat(refused.getResponse().getStatus()).as(refused.getResponse().getContentAsString()).isEqualTo(422);
        String logged = output.getAll().substring(before);
        List<String> warnings = logged.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).toList();
        List<String> stackLines = logged.lines().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by:")).toList();
        System.out.println("[item 8] a mistyped scale set logged " + logged.lines().count() + " lines, " + warnings.size()
                + " at WARN or above, " + stackLines.size() + " of stack traces");
        assertThat(stackLines).as(logged).isEmpty();
        assertThat(warnings).as(logged).singleElement(STRING)
                .contains("wbe-typo", "404", "ResourceNotFound");
    }
}
