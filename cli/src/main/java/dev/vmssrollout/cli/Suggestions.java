package dev.vmssrollout.cli;

import org.apache.commons.text.similarity.LevenshteinDistance;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What to say after a mistyped command or option: picocli's suggestions, plus the names it misses
 * that are a couple of keystrokes away (picocli's similarity does not see {@code lsit} in {@code list}),
 * closest first. A command that cannot be undone is suggested only when the typo is closer to it than to
 * any harmless command: a slip on the way to {@code list} must never be answered with {@code cancel}.
 */
final class Suggestions {

    static final Set<String> IRREVERSIBLE = Set.of("cancel", "rollback", "abort", "delete");
    private static final int MOST_SHOWN = 3;
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private Suggestions() {
    }

    /** The names to suggest for the first unmatched argument of {@code e}, closest first; empty when none is close. */
    static List<String> of(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return List.of();
        }
        String typed = unmatched.getUnmatched().get(0).split("=", 2)[0].toLowerCase(Locale.ROOT);
        CommandLine commandLine = e.getCommandLine();
        Stream<String> names = unmatched.isUnknownOption()
                ? commandLine.getCommandSpec().options().stream().map(OptionSpec::longestName)
                : commandLine.getSubcommands().keySet().stream();
        int reach = Math.max(2, typed.length() / 3);
        Set<String> candidates = new LinkedHashSet<>(unmatched.getSuggestions());
        names.forEach(candidates::add);
        List<String> close = candidates.stream()
                .filter(name -> distance(typed, name) <= reach)
                .sorted(Comparator.comparingInt(name -> distance(typed, name)))
                .toList();
        int closestHarmless = close.stream().filter(name -> !IRREVERSIBLE.contains(name))
                .mapToInt(name -> distance(typed, name)).min().orElse(Integer.MAX_VALUE);
        return close.stream()
                .filter(name -> !IRREVERSIBLE.contains(name) || distance(typed, name) < closestHarmless)
                .limit(MOST_SHOWN)
                .toList();
    }

    /** Prints "Did you mean ...?" when something is close. */
    static void print(ParameterException e, PrintWriter err) {
        List<String> names = of(e);
        if (names.isEmpty()) {
            return;
        }
        boolean option = ((UnmatchedArgumentException) e).isUnknownOption();
        String prefix = option ? "" : e.getCommandLine().getCommandSpec().qualifiedName() + " ";
        err.println("Did you mean: " + names.stream().map(name -> prefix + name).collect(Collectors.joining(" or ")) + "?");
    }

    private static int distance(String typed, String name) {
        return DISTANCE.apply(typed, name.toLowerCase(Locale.ROOT));
    }
}
