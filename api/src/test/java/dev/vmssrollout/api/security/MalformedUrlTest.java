package dev.vmssrollout.api.security;

import dev.vmssrollout.api.e2e.EndToEndTestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * URLs Tomcat refuses before Spring sees them (bad percent-encoding, characters a request target may not hold,
 * encoded slashes and NULs) get a problem JSON like every other refusal, not Tomcat's HTML error page. Sent over a
 * raw socket, since an HTTP client library would refuse to send them.
 */
class MalformedUrlTest extends EndToEndTestSupport {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/rollouts/%zz", "/api/v1/rollouts/a{b}", "/api/v1/rollouts/a|b", "/api/v1/rollouts/%00",
            "/api/v1/rollouts/..%2f..%2fetc", "/api/v1/rollouts/\u00e9"})
    void aMalformedUrlIsAProblemJsonNotAnHtmlPage(String target) throws IOException {
        String response = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400");
        String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).contains("content-type: application/problem+json");
        assertThat(response).doesNotContain("<html", "Apache Tomcat", "org.apache", "Exception")
                .contains("\"status\":400", "\"type\":\"urn:vmss-rollout:problem:malformed-request\"");
    }

    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            return received.toString(StandardCharsets.UTF_8);
        }
    }
}
