package dev.vmssrollout.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Java processes a test starts, each logging to a file of its own, all killed when the test ends, however it ends
 * (and by a shutdown hook should the test JVM itself be stopped). Public for the reliability suite
 * ({@code dev.vmssrollout.local.reliability}).
 */
public final class ChildProcesses implements AutoCloseable {

    /** Small heaps and C1 only: four JVMs and the test's share two cores. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Path logs;
    private final List<Child> children = new ArrayList<>();
    private final Thread killAll = new Thread(this::killAll, "kill-child-processes");

    public ChildProcesses(Path logs) {
        this.logs = logs;
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(killAll);
    }

    public record Child(String name, Process process, Path log) {

        public String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e.getMessage() + ")";
            }
        }

        /** Kills the process with SIGKILL, as a crash or the OOM killer would, and waits for it to be gone. */
        public int killHard() throws InterruptedException {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " did not die within 30 s of SIGKILL");
            }
            return process.exitValue();
        }
    }

    /** {@code java <options> -jar <jar> <args>} with {@code env} added to this JVM's environment. */
    public Child startJar(String name, Path jar, List<String> args, Map<String, String> env) {
        return startJar(name, jar, JVM_OPTIONS, args, env);
    }

    /** The same with JVM options of the caller's choosing, e.g. a benchmark's heap and the default JIT. */
    public synchronized Child startJar(String name, Path jar, List<String> jvmOptions, List<String> args,
                                       Map<String, String> env) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first (mvn verify packages the modules "
                    + "before this module's integration tests run)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Path log = logs.resolve(name + "-" + (children.size() + 1) + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        try {
            Child child = new Child(name, builder.start(), log);
            children.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Waits until the child's output contains {@code text}; fails at once if the child exits first. */
    public static void awaitOutput(Child child, String text, Duration deadline) {
        await(child.name() + " to print '" + text + "'").atMost(deadline).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (child.output().contains(text)) {
                        return true;
                    }
                    if (!child.process().isAlive()) {
                        throw new AssertionError(child.name() + " exited with " + child.process().exitValue()
                                + " before printing '" + text + "':\n" + tail(child.output()));
                    }
                    return false;
                });
    }

    /** The end of every child's log, for the report of a failed test. */
    public synchronized String tails() {
        StringBuilder text = new StringBuilder();
        for (Child child : children) {
            text.append("\n----- ").append(child.log()).append(child.process().isAlive() ? " (running)" : " (exited)")
                    .append(" -----\n").append(tail(child.output()));
        }
        return text.toString();
    }

    public static String tail(String output) {
        String[] lines = output.split("\n");
        int from = Math.max(0, lines.length - 40);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killAll);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    /**
     * SIGKILLs every child and what it started: a local stack's Temporal dev server and PostgreSQL would otherwise
     * outlive the test as orphans (a test's own mid-run kills, {@link Child#killHard}, leave them on purpose).
     */
    private synchronized void killAll() {
        for (Child child : children) {
            List<ProcessHandle> descendants = child.process().descendants().toList();
            child.process().destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        for (Child child : children) {
            try {
                child.process().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
