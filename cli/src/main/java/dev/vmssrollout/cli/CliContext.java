package dev.vmssrollout.cli;

import dev.vmssrollout.cli.render.Terminal;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything the CLI takes from the world: environment, home directory, streams, the terminal and
 * the passing of time. Tests build their own, so nothing in the CLI reads System.getenv or sleeps directly.
 *
 * @param terminal what stdout is: a colour terminal that can be redrawn in place, or a pipe or file
 * @param prompt   asks for a password on the terminal; answers null when there is no terminal
 * @param pacer    waits between polls of a watched rollout
 * @param zone     the time zone event times are shown in
 */
public record CliContext(Map<String, String> env, Path home, PrintWriter out, PrintWriter err, InputStream in,
                         Terminal terminal, PasswordPrompt prompt, Pacer pacer, ZoneId zone) {

    @FunctionalInterface
    public interface PasswordPrompt {
        /** The password typed, or null when nobody can be asked. */
        String ask(String question);
    }

    @FunctionalInterface
    public interface Pacer {
        void pause(Duration duration) throws InterruptedException;
    }

    public static CliContext system() {
        Map<String, String> env = System.getenv();
        Console console = System.console();
        Charset charset = stdoutCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
        PasswordPrompt prompt = question -> {
            if (console == null) {
                return null;
            }
            char[] typed = console.readPassword("%s", question);
            return typed == null ? null : new String(typed);
        };
        return new CliContext(env, Path.of(System.getProperty("user.home")), out, err, System.in,
                Terminal.detect(console != null, env, charset, console == null ? Terminal.Size.UNKNOWN : terminalSize()),
                prompt, duration -> Thread.sleep(duration.toMillis()),
                ZoneId.systemDefault());
    }

    /**
     * Java cannot ask the terminal its size; {@code stty} can. Best effort: any failure means "unknown"
     * and the view falls back to 100 columns.
     */
    private static Terminal.Size terminalSize() {
        try {
            Process stty = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            if (!stty.waitFor(1, TimeUnit.SECONDS)) {
                stty.destroy();
                return Terminal.Size.UNKNOWN;
            }
            String[] rowsColumns = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
                    .split("\\s+");
            return new Terminal.Size(Integer.parseInt(rowsColumns[1]), Integer.parseInt(rowsColumns[0]));
        } catch (IOException | RuntimeException e) {
            return Terminal.Size.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Terminal.Size.UNKNOWN;
        }
    }

    /** Java 17 writes System.out in this charset; block characters are drawn only when it can encode them. */
    private static Charset stdoutCharset() {
        String name = System.getProperty("sun.stdout.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }
}
