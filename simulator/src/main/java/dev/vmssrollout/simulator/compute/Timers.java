package dev.vmssrollout.simulator.compute;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the simulated clocks: instance upgrades, boots, pauses between rolling-upgrade batches, snapshots. */
public final class Timers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Timers.class.getName());
    private final ScheduledExecutorService executor;

    public Timers() {
        executor = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "vmss-simulator-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void after(long millis, Runnable task) {
        if (executor.isShutdown()) {
            return;
        }
        executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Simulator timer task failed", e);
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
