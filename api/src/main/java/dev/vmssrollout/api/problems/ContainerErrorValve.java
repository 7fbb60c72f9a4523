package dev.vmssrollout.api.problems;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What Tomcat answers when it refuses a request before any servlet runs (bad percent-encoding, characters a request
 * target may not hold, an encoded slash or NUL): the API's problem JSON instead of Tomcat's HTML error page. Only the
 * status is known here, never a detail worth echoing, so the body is fixed text.
 */
final class ContainerErrorValve extends ErrorReportValve {

    ContainerErrorValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemType type = status == 400 ? ProblemType.MALFORMED_REQUEST : ProblemType.HTTP_ERROR;
        String body = "{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
                + ",\"detail\":\"the server refused the request before reading it: "
                + (status == 400 ? "its URL or request line is malformed (check the percent-encoding)" : "HTTP " + status)
                + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is already on its way: nothing more to say.
        }
    }
}
