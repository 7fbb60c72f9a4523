package dev.vmssrollout.workflows.devserver;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Temporal CLI ({@code temporal}, the real Temporal server as {@code temporal server start-dev}) is:
 * {@code VMSS_TEMPORAL_CLI}, else {@code temporal} on PATH, else where {@code scripts/install-temporal-cli.sh} puts the
 * pinned version.
 */
public final class TemporalCli {

    /** The version {@code scripts/install-temporal-cli.sh} installs and the tests run against. */
    public static final String PINNED_VERSION = "1.9.1";
    public static final String INSTALL_COMMAND = "./scripts/install-temporal-cli.sh";

    private TemporalCli() {
    }

    public static Optional<Path> find() {
        return find(System.getenv());
    }

    static Optional<Path> find(Map<String, String> env) {
        for (Path candidate : candidates(env)) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static List<Path> candidates(Map<String, String> env) {
        List<Path> candidates = new ArrayList<>();
        String explicit = env.get("VMSS_TEMPORAL_CLI");
        if (explicit != null && !explicit.isBlank()) {
            candidates.add(Path.of(explicit));
            return candidates;
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            // pyenv's shim is a shell script that execs the binary: a process we start must be the server itself.
            if (!dir.isBlank() && !dir.endsWith("/.pyenv/shims")) {
                candidates.add(Path.of(dir, "temporal"));
            }
        }
        String tools = env.get("VMSS_TOOLS_DIR");
        Path toolsDir = tools != null && !tools.isBlank() ? Path.of(tools)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "share", "vmss-rollout");
        candidates.add(toolsDir.resolve("temporal-cli-" + PINNED_VERSION).resolve("temporal"));
        return candidates;
    }
}
