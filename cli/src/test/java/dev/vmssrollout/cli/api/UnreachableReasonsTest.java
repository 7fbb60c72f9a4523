package dev.vmssrollout.cli.api;

import dev.vmssrollout.cli.ExitCode;
import dev.vmssrollout.cli.config.Settings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

import static org.assertj.core.api.Assertions.assertThat;

/** Why the API could not be reached, as the JDK's HTTP client reports it (an unknown host is never looked up here). */
class UnreachableReasonsTest {

    private final ApiClient client = new ApiClient(new Settings(URI.create("http://rollouts.example"), "--api-url",
            null, null, null, null), "test");

    @Test
    void unknownHostIsNamed() {
        ConnectException inner = new ConnectException();
        inner.initCause(new UnresolvedAddressException());
        ConnectException outer = new ConnectException();
        outer.initCause(inner);

        assertThat(client.unreachable(outer).getMessage()).startsWith("cannot reach the vmss-rollout API at "
                + "http://rollouts.example (unknown host rollouts.example; the API URL comes from --api-url).");
    }

    @Test
    void timeoutsSayWhichOne() {
        assertThat(client.unreachable(new HttpConnectTimeoutException("x")).getMessage())
                .contains("(no connection within 10 s;");
        assertThat(client.unreachable(new HttpTimeoutException("x")).getMessage()).contains("(no answer within 90 s;");
    }

    @Test
    void anyOtherBrokenConnectionIsUnreachableToo() {
        var failure = client.unreachable(new IOException("HTTP/1.1 header parser received no bytes"));

        assertThat(failure.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(failure.getMessage()).contains("(HTTP/1.1 header parser received no bytes;");
    }
}
