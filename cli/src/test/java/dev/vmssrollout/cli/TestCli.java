package dev.vmssrollout.cli;

import dev.vmssrollout.cli.render.Terminal;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the CLI in this JVM with an environment, home, stdin and terminal of the test's choosing. */
final class TestCli {

    record Result(int exit, String out, String err) {
    }

    final Map<String, String> env = new HashMap<>();
    final List<String> prompts = new ArrayList<>();
    final List<Duration> pauses = new ArrayList<>();
    private final Path home;
    private String stdin = "";
    private Terminal terminal = Terminal.plain();
    private String promptAnswer;
    private boolean realTime;

    TestCli(Path home) {
        this.home = home;
    }

    /** Talks to {@code api} as alice unless a test says otherwise. */
    static TestCli against(StubApi api, Path home) {
        TestCli cli = new TestCli(home);
        cli.env.put("VMSS_ROLLOUT_API_URL", api.url());
        cli.env.put("VMSS_ROLLOUT_USER", "alice");
        cli.env.put("VMSS_ROLLOUT_PASSWORD", "alice");
        return cli;
    }

    TestCli stdin(String text) {
        this.stdin = text;
        return this;
    }

    TestCli terminal(Terminal terminal) {
        this.terminal = terminal;
        return this;
    }

    /** Waits for real between polls (against a real API), instead of only recording the pauses. */
    TestCli inRealTime() {
        this.realTime = true;
        return this;
    }

    TestCli answersPrompt(String password) {
        this.promptAnswer = password;
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(Map.copyOf(env), home, new PrintWriter(out), new PrintWriter(err),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), terminal,
                question -> {
                    prompts.add(question);
                    return promptAnswer;
                },
                duration -> {
                    pauses.add(duration);
                    if (realTime) {
                        Thread.sleep(duration.toMillis());
                    }
                }, ZoneOffset.UTC);
        int exit = VmssRollout.run(context, args);
        return new Result(exit, out.toString(), err.toString());
    }
}
