package dev.vmssrollout.workflows.devserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TemporalCliTest {

    @TempDir
    Path dir;

    @Test
    void anExplicitBinaryWinsOverPath() throws IOException {
        Path explicit = executable(dir.resolve("explicit/temporal"));
        executable(dir.resolve("bin/temporal"));

        assertThat(TemporalCli.find(Map.of("VMSS_TEMPORAL_CLI", explicit.toString(), "PATH", dir.resolve("bin").toString())))
                .contains(explicit);
    }

    @Test
    void pyenvShimsAreSkippedBecauseTheyAreScriptsNotTheServer() throws IOException {
        executable(dir.resolve(".pyenv/shims/temporal"));
        Path real = executable(dir.resolve("bin/temporal"));

        assertThat(TemporalCli.find(Map.of("PATH", dir.resolve(".pyenv/shims") + ":" + dir.resolve("bin"),
                "VMSS_TOOLS_DIR", dir.resolve("none").toString()))).contains(real);
    }

    @Test
    void fallsBackToWhereTheInstallScriptPutsThePinnedVersion() throws IOException {
        Path installed = executable(dir.resolve("tools/temporal-cli-" + TemporalCli.PINNED_VERSION + "/temporal"));

        assertThat(TemporalCli.find(Map.of("PATH", dir.resolve("empty").toString(), "VMSS_TOOLS_DIR",
                dir.resolve("tools").toString()))).contains(installed);
        assertThat(TemporalCli.find(Map.of("PATH", "", "VMSS_TOOLS_DIR", dir.resolve("elsewhere").toString()))).isEmpty();
    }

    @Test
    void aFileThatIsNotExecutableIsNoCli() throws IOException {
        Path plain = dir.resolve("bin/temporal");
        Files.createDirectories(plain.getParent());
        Files.writeString(plain, "not a program");

        assertThat(TemporalCli.find(Map.of("PATH", dir.resolve("bin").toString(), "VMSS_TOOLS_DIR",
                dir.resolve("none").toString()))).isEmpty();
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        file.toFile().setExecutable(true);
        return file.toAbsolutePath();
    }
}
