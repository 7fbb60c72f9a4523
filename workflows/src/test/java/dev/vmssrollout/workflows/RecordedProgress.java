package dev.vmssrollout.workflows;

import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import io.temporal.failure.ApplicationFailure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The database, as far as the workflow can tell: keeps every recorded event, idempotent by seq like the real store. */
final class RecordedProgress implements ProgressActivities {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final List<ProgressEvent> events = new ArrayList<>();
    private final List<Long> duplicates = new ArrayList<>();
    private final List<Long> refuseOnce = new ArrayList<>();
    private int refusals;

    /** The store refuses the event with this seq the first time, as it would a malformed one. */
    synchronized RecordedProgress refusingOnce(long seq) {
        refuseOnce.add(seq);
        return this;
    }

    synchronized int refusals() {
        return refusals;
    }

    @Override
    public synchronized void record(ProgressEvent event) {
        if (refuseOnce.remove(event.seq())) {
            refusals++;
            throw ApplicationFailure.newNonRetryableFailure("the database refused event " + event.seq(), "PROGRESS_REJECTED");
        }
        if (events.stream().anyMatch(e -> e.seq() == event.seq())) {
            duplicates.add(event.seq());
            return;
        }
        events.add(event);
        notifyAll();
    }

    synchronized List<ProgressEvent> events() {
        return List.copyOf(events);
    }

    synchronized List<EventType> types() {
        return events.stream().map(ProgressEvent::type).toList();
    }

    synchronized List<ProgressEvent> ofType(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    synchronized ProgressEvent only(EventType type) {
        List<ProgressEvent> matching = ofType(type);
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + type + " event, found " + matching.size() + " in " + types());
        }
        return matching.get(0);
    }

    synchronized ProgressEvent last() {
        return events.get(events.size() - 1);
    }

    synchronized List<Long> seqs() {
        return events.stream().map(ProgressEvent::seq).toList();
    }

    synchronized List<Long> duplicates() {
        return List.copyOf(duplicates);
    }

    /** Waits (in real time, with a deadline) until {@code type} has been recorded {@code count} times. */
    synchronized ProgressEvent awaitEvent(EventType type, int count) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (ofType(type).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + type + " event #" + count + " within " + PATIENCE + "; recorded: " + types());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + type, e);
            }
        }
        return ofType(type).get(count - 1);
    }

    ProgressEvent awaitEvent(EventType type) {
        return awaitEvent(type, 1);
    }
}
