package dev.vmssrollout.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * README.md (or a page under docs/) as tests read it: its sections, their fenced code blocks, and the curl commands
 * in them.
 */
final class Readme {

    private static final Pattern CODE_BLOCK = Pattern.compile("(?m)^```[a-z]*\\n(.*?)^```", Pattern.DOTALL);

    private final String text;

    private Readme(String text) {
        this.text = text;
    }

    /** The README.md of the repository (system property {@code vmss.readme}, set by the build). */
    static Readme load() {
        return read(readmePath());
    }

    /** A documentation file by its path from the repository root, e.g. {@code docs/configuration.md}. */
    static Readme doc(String pathFromRoot) {
        return read(repositoryRoot().resolve(pathFromRoot));
    }

    static Path readmePath() {
        return Path.of(System.getProperty("vmss.readme", "../README.md")).toAbsolutePath().normalize();
    }

    static Path repositoryRoot() {
        return readmePath().getParent();
    }

    private static Readme read(Path path) {
        try {
            return new Readme(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath(), e);
        }
    }

    String text() {
        return text;
    }

    /** The text under {@code ## heading}, up to the next second-level heading. */
    String section(String heading) {
        Matcher start = Pattern.compile("(?m)^## " + Pattern.quote(heading) + "\\s*$").matcher(text);
        if (!start.find()) {
            throw new AssertionError("README.md has no '## " + heading + "' section");
        }
        Matcher next = Pattern.compile("(?m)^## ").matcher(text);
        int end = next.find(start.end()) ? next.start() : text.length();
        return text.substring(start.end(), end);
    }

    static List<String> codeBlocks(String section) {
        List<String> blocks = new ArrayList<>();
        Matcher block = CODE_BLOCK.matcher(section);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    /** Every curl command in the section's code blocks, in order. */
    List<Curl> curls(String heading) {
        List<Curl> curls = new ArrayList<>();
        for (String block : codeBlocks(section(heading))) {
            for (List<String> words : Shell.curlCommands(block)) {
                curls.add(Curl.parse(words));
            }
        }
        return curls;
    }

    /** The one curl of the section that {@code which} picks. */
    Curl curl(String heading, String description, Predicate<Curl> which) {
        List<Curl> found = curls(heading).stream().filter(which).toList();
        if (found.size() != 1) {
            throw new AssertionError("README.md '## " + heading + "' should have exactly one curl that " + description
                    + ", has " + found.size() + ": " + found);
        }
        return found.get(0);
    }
}
