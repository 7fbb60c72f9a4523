package dev.vmssrollout.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the POSIX shell's word splitting to read the commands README.md shows: quotes, backslash line
 * continuations, and the operators that end a simple command ({@code | ; ( ) &} and newlines).
 */
final class Shell {

    private Shell() {
    }

    /** The words of every simple command in {@code script} whose first word is {@code curl}, quotes removed. */
    static List<List<String>> curlCommands(String script) {
        return commands(script).stream().filter(words -> !words.isEmpty() && words.get(0).equals("curl")).toList();
    }

    static List<List<String>> commands(String script) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < script.length() && "\"\\$`".indexOf(script.charAt(i + 1)) >= 0) {
                    word.append(script.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\\' && i + 1 < script.length()) {
                char next = script.charAt(++i);
                if (next != '\n') {
                    word = word == null ? new StringBuilder() : word;
                    word.append(next);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || "|;()&".indexOf(c) >= 0) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                if (c != ' ' && c != '\t' && !words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
                continue;
            }
            if (c == '#' && word == null) {
                int end = script.indexOf('\n', i);
                i = (end < 0 ? script.length() : end) - 1; // a comment runs to the end of the line
                continue;
            }
            word = word == null ? new StringBuilder() : word;
            word.append(c);
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + quote + " quote in: " + script);
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }
}
