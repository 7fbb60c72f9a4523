package dev.vmssrollout.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A local stack killed without its shutdown (kill -9, a crash) leaves its Temporal dev server running: it keeps the
 * stack's ports and SQLite database, so the next start could not start its own. The stack writes the server's pid next
 * to the database; at the next start a server still running under that pid, whose parent is gone, is such an orphan
 * and is stopped. One whose parent still lives belongs to another stack on the same data, and is left alone.
 */
final class OrphanedTemporal {

    private static final Logger log = LoggerFactory.getLogger(OrphanedTemporal.class);

    private OrphanedTemporal() {
    }

    static Path pidFile(Path temporalDir) {
        return temporalDir.resolve("temporal.pid");
    }

    static void remember(Path temporalDir, long pid) {
        try {
            Files.writeString(pidFile(temporalDir), pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pidFile(temporalDir), e);
        }
    }

    static void stopIfLeft(Path temporalDir) {
        Path file = pidFile(temporalDir);
        long pid;
        try {
            if (!Files.exists(file)) {
                return;
            }
            List<String> lines = Files.readAllLines(file);
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (IOException | NumberFormatException e) {
            return; // no usable pid: a server still running shows up as a port conflict with its own message
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("temporal")).orElse(false))
                .filter(OrphanedTemporal::parentIsGone);
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("stopping the Temporal dev server (pid {}) left running in {} by a local stack that did not shut down",
                pid, temporalDir);
        ProcessHandle server = orphan.get();
        server.destroy();
        try {
            server.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the Temporal dev server (pid " + pid + ") left running in " + temporalDir
                    + " did not stop; stop it by hand", e);
        }
    }

    /** Re-parented to init (or a subreaper that is not a JVM): the stack that started it has died. */
    private static boolean parentIsGone(ProcessHandle process) {
        Optional<ProcessHandle> parent = process.parent();
        return parent.isEmpty() || parent.get().pid() == 1
                || !parent.get().info().command().map(c -> c.endsWith("java")).orElse(false);
    }
}
