package dev.vmssrollout.simulator.persistence;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.vmssrollout.simulator.compute.OperationSnapshot;
import dev.vmssrollout.simulator.compute.ScaleSetSnapshot;
import dev.vmssrollout.simulator.compute.Timers;
import dev.vmssrollout.simulator.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps {@code simulator-state.json} in the data directory up to date. Changes arrive in bursts (every instance
 * transition is one), so writes are debounced: the first change schedules one write of the whole state.
 */
public final class SnapshotStore {
    public static final String FILE = "simulator-state.json";
    private static final System.Logger LOG = System.getLogger(SnapshotStore.class.getName());
    private static final ObjectReader READER = Json.MAPPER.readerFor(State.class)
        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final Timers timers;
    private final long debounceMillis;
    private final Supplier<State> source;
    private final Object writing = new Object();
    private boolean writeScheduled;
    private boolean closed;

    /** Everything the simulator persists. */
    public record State(List<ScaleSetSnapshot> scaleSets, List<OperationSnapshot> operations) {
    }

    public SnapshotStore(Path directory, Timers timers, long debounceMillis, Supplier<State> source) {
        this.file = directory.resolve(FILE);
        this.timers = timers;
        this.debounceMillis = debounceMillis;
        this.source = source;
    }

    public Optional<State> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(READER.readValue(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the simulator state " + file, e);
        }
    }

    // Callers hold a scale set's lock, and writing takes every scale set's lock: so this monitor only guards the
    // flags, and the write itself runs under a separate lock that no scale set holder ever waits for.
    public void requestWrite() {
        synchronized (this) {
            if (writeScheduled || closed) {
                return;
            }
            writeScheduled = true;
        }
        timers.after(debounceMillis, this::writeScheduled);
    }

    /**
     * Writes the state now, before an accepted change is acknowledged: Azure never forgets an operation it answered
     * 201 or 202 to, so a simulator killed right after answering must not either. Callers hold no scale set's lock.
     */
    public void writeNow() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        write();
    }

    /** Writes the state one last time and stops further writes. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        write();
    }

    private void writeScheduled() {
        synchronized (this) {
            writeScheduled = false;
            if (closed) {
                return;
            }
        }
        write();
    }

    private void write() {
        synchronized (writing) {
            Path temporary = file.resolveSibling(FILE + ".tmp");
            try {
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), source.get());
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "Cannot write the simulator state " + file, e);
            }
        }
    }
}
