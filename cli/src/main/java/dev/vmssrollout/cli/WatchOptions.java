package dev.vmssrollout.cli;

import dev.vmssrollout.cli.plan.Durations;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --watch} and how often it polls. */
class WatchOptions {

    @Option(names = {"-w", "--watch"}, order = 50,
            description = "Follow it until it ends; exit 0 when it SUCCEEDED, 1 when it ended otherwise.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", order = 51,
            description = "Time between polls while watching (default ${DEFAULT-VALUE}).")
    String interval;

    Duration interval() {
        String iso = Durations.iso(interval);
        if (iso == null || Duration.parse(iso).isNegative()) {
            throw CliException.badInput("--interval '" + interval + "' is not a duration such as 2s or PT2S");
        }
        return Duration.parse(iso);
    }
}
