package dev.vmssrollout.simulator;

import dev.vmssrollout.simulator.identity.ClientRegistration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar vmss-simulator.jar --port 8443 --data DIR [--token T] [--page-size N] [--poll-retry-after S]}.
 */
public final class SimulatorMain {
    static final String USAGE = "usage: java -jar vmss-simulator.jar [--port 8443] [--data DIR] [--token TOKEN] "
        + "[--page-size 100] [--poll-retry-after 1] [--throttling generous|compute] [--client TENANT:CLIENT_ID:SECRET]... "
        + "[--role ROLE_DEFINITION.json]";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        SimulatorOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Simulator simulator = Simulator.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "vmss-simulator-shutdown"));
        System.out.println("vmss-simulator serving ARM on " + simulator.baseUrl());
        System.out.println("certificate: " + simulator.certificatePem().toAbsolutePath());
        System.out.println("trust store: " + simulator.trustStorePath().toAbsolutePath() + " (password changeit)");
        stopped.await();
    }

    /** Parses the command line; the data directory defaults to {@code ./data}. */
    public static SimulatorOptions parse(String... args) {
        SimulatorOptions.Builder options = SimulatorOptions.builder().dataDir(Path.of("data"));
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--port" -> options.port(integer(name, value));
                case "--data" -> options.dataDir(Path.of(value));
                case "--token" -> options.token(value);
                case "--page-size" -> options.pageSize(integer(name, value));
                case "--poll-retry-after" -> options.pollRetryAfterSeconds(integer(name, value));
                case "--throttling" -> options.throttling(throttling(value));
                case "--client" -> options.client(ClientRegistration.parse(value));
                case "--role" -> options.role(role(Path.of(value)));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return options.build();
    }

    /** {@code compute}: Compute's budgets per subscription and region; {@code generous}: budgets that never bite. */
    private static Throttling throttling(String value) {
        return switch (value) {
            case "compute" -> Throttling.compute();
            case "generous" -> Throttling.GENEROUS;
            default -> throw new IllegalArgumentException("--throttling is compute or generous, not " + value);
        };
    }

    /** The role definition JSON that {@code az role definition create} takes. */
    private static RoleDefinition role(Path file) {
        try {
            return RoleDefinition.parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("--role: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, not '" + value + "'");
        }
    }
}
