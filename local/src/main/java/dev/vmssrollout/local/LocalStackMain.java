package dev.vmssrollout.local;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code java -jar vmss-rollout-local-app.jar [options]}: the local stack, until Ctrl-C.
 * {@code java -jar vmss-rollout-local-app.jar temporal-server [--port 7233]}: only the Java SDK's test server, for
 * running the other components as processes of their own.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // The API's Tomcat threads keep the JVM running after main returns.
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(LocalOptions.USAGE);
            return;
        }
        if (!arguments.isEmpty() && arguments.get(0).equals("temporal-server")) {
            runTemporalServer(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        LocalOptions options;
        try {
            options = LocalOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LocalOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(options);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LocalStackMain.class).error("{}", e.getMessage(), e.getCause());
            System.exit(1);
            return;
        }
        stopInOrderOnSignals(stack);
        System.out.println(StartupBanner.text(stack, sinceJvmStart()));
    }

    /**
     * Ctrl-C (SIGINT) and SIGTERM stop the components in order, then exit. Shutdown hooks alone cannot do that:
     * they all start at once, and the embedded PostgreSQL's own hook would stop the database under the API and
     * the worker. The hook below covers any other way out (System.exit); a second Ctrl-C exits at once.
     */
    private static void stopInOrderOnSignals(LocalStack stack) {
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            System.out.println("stopping the local stack ...");
            stack.close();
            System.out.println("stopped; data kept in " + stack.options().dataDir().toAbsolutePath().normalize());
        };
        SignalHandler handler = signal -> {
            if (stopping.getAndSet(true)) {
                Runtime.getRuntime().halt(130);
            }
            stop.run();
            System.exit(0);
        };
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), handler);
            } catch (IllegalArgumentException unsupported) {
                // this platform does not let us handle it; the shutdown hook still stops everything
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!stopping.getAndSet(true)) {
                stop.run();
            }
        }, "local-stack-stop"));
    }

    private static void runTemporalServer(String[] args) throws InterruptedException {
        int port;
        try {
            Map<String, String> flags = Flags.parse(args, "--port");
            port = new Flags.Source(flags, System.getenv()).integer("--port", "VMSS_LOCAL_TEMPORAL_PORT", 7233);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LocalOptions.USAGE);
            System.exit(2);
            return;
        }
        // Always the Java test server: a process of its own that dies with this JVM (`temporal server start-dev` is
        // the real one, see docs/temporal.md).
        TemporalDevServer server = TemporalDevServer.startTestServer(LocalOptions.LOOPBACK, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "temporal-dev-server-stop"));
        System.out.println("Temporal dev server (the Java SDK's test server, in memory, namespace default) listening on "
                + LocalOptions.LOOPBACK + ":" + server.port());
        stopped.await();
    }

    /** From the JVM's start, so the figure includes class loading and unpacking: what a person waits for. */
    private static Duration sinceJvmStart() {
        return Duration.ofMillis(System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime());
    }
}
