package dev.vmssrollout.workflows.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A fake activity held until the test lets it go: how tests put a slow check exactly where they want it. */
public final class HeldCheck {

    private HeldCheck() {
    }

    /** Counts down {@code arrived}, then blocks until {@code released} (at most 20 s: a test that forgot fails). */
    public static void hold(String what, CountDownLatch arrived, CountDownLatch released) {
        arrived.countDown();
        try {
            if (!released.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the held " + what + " was never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
