package dev.vmssrollout.worker.analysis;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A check's PromQL with its placeholders filled in: {@code {{instances}}} becomes a regular expression that matches
 * exactly the VMs measured (write it inside a double-quoted label matcher, {@code vm=~"{{instances}}"}), and
 * {@code {{range}}} the measured time range in seconds ({@code [{{range}}]} reads {@code [60s]}).
 */
final class PromQlTemplate {

    static final String INSTANCES = "{{instances}}";
    static final String RANGE = "{{range}}";

    private final String query;

    PromQlTemplate(String query) {
        this.query = query;
    }

    /** A query that reads over the range itself is evaluated once, at the end of the range (an instant query). */
    boolean readsOverTheRange() {
        return query.contains(RANGE);
    }

    String expand(List<String> vmNames, Duration range) {
        return query.replace(INSTANCES, instancesRegex(vmNames))
                .replace(RANGE, Math.max(1, range.toSeconds()) + "s");
    }

    /**
     * Each name matched literally (every character but letters, digits, '_' and '-' escaped), then escaped once more
     * for a double-quoted PromQL string. Prometheus anchors label regexes, so {@code web_1} does not match
     * {@code web_10}.
     */
    static String instancesRegex(List<String> vmNames) {
        return vmNames.stream().map(PromQlTemplate::literal).collect(Collectors.joining("|"));
    }

    private static String literal(String name) {
        StringBuilder regex = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '-') {
                regex.append('\\');
            }
            regex.append(c);
        }
        // Then as a double-quoted PromQL string: backslashes and quotes escaped once more.
        return regex.toString().replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
