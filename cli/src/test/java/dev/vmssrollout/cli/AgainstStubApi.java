package dev.vmssrollout.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test of the CLI in this JVM against a {@link StubApi} of its own, as alice, with a home directory of its own. */
abstract class AgainstStubApi {

    @TempDir
    Path home;
    StubApi api;
    TestCli cli;

    @BeforeEach
    void startStubApi() {
        api = StubApi.start();
        cli = TestCli.against(api, home);
    }

    @AfterEach
    void stopStubApi() {
        api.close();
    }
}
