package dev.vmssrollout.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The orphan check alone, without a real dev server: a copy of {@code sleep} named {@code temporal} stands in for the
 * server, because the check recognises the server by its executable's name.
 */
class OrphanedTemporalTest {

    private final List<ProcessHandle> started = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        started.forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aServerWhoseStackDiedIsStopped(@TempDir Path dir) throws Exception {
        ProcessHandle orphan = startDetached(fakeTemporal(dir));
        OrphanedTemporal.remember(dir, orphan.pid());

        OrphanedTemporal.stopIfLeft(dir);

        assertThat(orphan.isAlive()).as("the orphaned server is stopped (%s, parent %s)", orphan.info(),
                orphan.parent().map(ProcessHandle::info)).isFalse();
    }

    @Test
    void aServerWhoseStackLivesIsLeftAlone(@TempDir Path dir) throws Exception {
        Process child = new ProcessBuilder(fakeTemporal(dir).toString(), "600").start();
        started.add(child.toHandle());
        OrphanedTemporal.remember(dir, child.pid());

        OrphanedTemporal.stopIfLeft(dir);

        assertThat(child.isAlive()).as("a server whose parent (this JVM) lives belongs to that stack").isTrue();
    }

    @Test
    void aStalePidOfAnotherProgramIsLeftAlone(@TempDir Path dir) throws Exception {
        Path sleep = Files.copy(Path.of("/bin/sleep"), dir.resolve("not-the-server"));
        ProcessHandle other = startDetached(sleep);
        OrphanedTemporal.remember(dir, other.pid());

        OrphanedTemporal.stopIfLeft(dir);

        assertThat(other.isAlive()).as("a reused pid that is not a Temporal server is not killed").isTrue();
    }

    @Test
    void anUnreadablePidFileIsIgnored(@TempDir Path dir) throws Exception {
        Files.writeString(OrphanedTemporal.pidFile(dir), "not a pid\n");

        OrphanedTemporal.stopIfLeft(dir);

        assertThat(OrphanedTemporal.pidFile(dir)).exists();
    }

    private static Path fakeTemporal(Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin")).resolve("temporal");
        return Files.copy(Path.of("/bin/sleep"), bin); // a copy, not a link: the kernel reports the link's target
    }

    /** Starts the program through a shell that exits at once, so the program is re-parented as a crashed stack's is. */
    private ProcessHandle startDetached(Path program) throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "'" + program + "' 600 >/dev/null 2>&1 & echo $!").start();
        String pid = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        ProcessHandle handle = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
        started.add(handle);
        // the shell prints the pid right after fork; until the child has exec'd it is still a shell, not the program
        String name = "/" + program.getFileName();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> handle.info().command().map(c -> c.endsWith(name)).orElse(false));
        return handle;
    }
}
