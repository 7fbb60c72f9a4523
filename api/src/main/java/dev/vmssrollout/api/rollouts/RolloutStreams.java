package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.problems.Problems;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-sent events of rollouts: each stream gets the rollout at once, then again whenever its last event
 * sequence number changes, and ends after the rollout reached a terminal state. The workflow writes every change to
 * the database, so the database is what is watched: one read per watched rollout per poll, however many streams
 * watch it.
 */
@Service
class RolloutStreams implements DisposableBean {

    static final String EVENT = "rollout";
    static final String PROBLEM_EVENT = "problem";
    /** A stream's last sent sequence number after a problem event: the next rollout goes out whatever its number. */
    private static final long PROBLEM_SENT = -2;
    private static final ProblemDetail STORE_UNAVAILABLE = Problems.of(ProblemType.DEPENDENCY_UNAVAILABLE,
            "live updates are paused: the rollout database cannot be reached; they resume by themselves");
    private static final Logger log = LoggerFactory.getLogger(RolloutStreams.class);

    private final RolloutStore store;
    private final RolloutViews views;
    private final RolloutStreamProperties settings;
    private final Map<String, List<Stream>> watched = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> openByUser = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rollout-streams");
        thread.setDaemon(true);
        return thread;
    });

    RolloutStreams(RolloutStore store, RolloutViews views, RolloutStreamProperties settings) {
        this.store = store;
        this.views = views;
        this.settings = settings;
        long every = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
    }

    /** A stream that starts with the rollout as stored; a 404 problem (before any event) when there is none. */
    SseEmitter open(String id, String user) {
        RolloutDetails first = store.find(id).orElseThrow(() ->
                new ApiProblemException(ProblemType.NOT_FOUND, "no rollout " + id).with("rolloutId", id));
        AtomicInteger own = openByUser.computeIfAbsent(user, u -> new AtomicInteger());
        if (own.incrementAndGet() > settings.maxStreamsPerUser()) {
            own.decrementAndGet();
            throw new ApiProblemException(ProblemType.TOO_MANY_REQUESTS, "you have " + settings.maxStreamsPerUser()
                    + " live streams open, the most one user may; close one or poll GET " + RolloutViews.self(id) + " instead");
        }
        if (open.incrementAndGet() > settings.maxStreams()) {
            open.decrementAndGet();
            own.decrementAndGet();
            throw new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, "too many live streams are open ("
                    + settings.maxStreams() + "); poll GET " + RolloutViews.self(id) + " instead");
        }
        Stream stream = new Stream(id, user, new SseEmitter(settings.timeout().toMillis()));
        stream.emitter.onCompletion(stream::close);
        stream.emitter.onTimeout(stream::close);
        stream.emitter.onError(e -> stream.close());
        if (stream.offer(first)) {
            watched.compute(id, (key, streams) -> {
                List<Stream> list = streams == null ? new CopyOnWriteArrayList<>() : streams;
                list.add(stream);
                return list;
            });
        }
        return stream.emitter;
    }

    int openStreams() {
        return open.get();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // Never let one failure end the schedule: the next poll tries again.
            log.warn("live rollout streams: poll failed ({})", e.toString());
        }
    }

    private void poll() {
        for (String id : new ArrayList<>(watched.keySet())) {
            // Atomic per key, so a stream opened meanwhile is never dropped with its emptied list.
            List<Stream> streams = watched.computeIfPresent(id, (key, list) -> list.isEmpty() ? null : list);
            if (streams == null) {
                continue;
            }
            Optional<RolloutDetails> rollout;
            try {
                rollout = store.find(id);
            } catch (RuntimeException e) {
                // Say so on the stream rather than fall silent: the dashboard shows it until the rollout comes again.
                if (streams.stream().anyMatch(stream -> stream.problem(STORE_UNAVAILABLE))) {
                    log.warn("live stream of rollout {}: reading it failed ({}); retrying every {}", id, e.toString(),
                            settings.pollInterval());
                }
                continue;
            }
            if (rollout.isEmpty()) {
                streams.forEach(Stream::end);
                continue;
            }
            streams.forEach(stream -> stream.offer(rollout.get()));
        }
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
        watched.values().forEach(streams -> streams.forEach(Stream::end));
    }

    private final class Stream {
        private final String rolloutId;
        private final String user;
        private final SseEmitter emitter;
        private long sentSeq = -1;
        private long lastSentAt = System.nanoTime();
        // Not guarded by the stream's lock: the container calls close() from its own threads.
        private final AtomicBoolean closed = new AtomicBoolean();

        Stream(String rolloutId, String user, SseEmitter emitter) {
            this.rolloutId = rolloutId;
            this.user = user;
            this.emitter = emitter;
        }

        /** Reports a problem once per failure streak (true when sent now); the next rollout is sent even if unchanged. */
        synchronized boolean problem(ProblemDetail problem) {
            if (closed.get() || sentSeq == PROBLEM_SENT) {
                return false;
            }
            try {
                emitter.send(SseEmitter.event().name(PROBLEM_EVENT).data(problem, MediaType.APPLICATION_PROBLEM_JSON));
                sentSeq = PROBLEM_SENT;
                lastSentAt = System.nanoTime();
                return true;
            } catch (IOException | IllegalStateException gone) {
                close();
                return false;
            }
        }

        /** Sends the rollout if it changed (or a heartbeat when due); false once the stream is over. */
        synchronized boolean offer(RolloutDetails rollout) {
            if (closed.get()) {
                return false;
            }
            try {
                if (rollout.lastSeq() != sentSeq) {
                    emitter.send(SseEmitter.event().name(EVENT).id(String.valueOf(rollout.lastSeq()))
                            .data(views.view(rollout), MediaType.APPLICATION_JSON));
                    sentSeq = rollout.lastSeq();
                    lastSentAt = System.nanoTime();
                } else if (Duration.ofNanos(System.nanoTime() - lastSentAt).compareTo(settings.heartbeat()) >= 0) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    lastSentAt = System.nanoTime();
                }
            } catch (IOException | IllegalStateException gone) {
                // The client went away (or the stream already completed): forget it.
                close();
                return false;
            }
            if (rollout.state().isTerminal()) {
                // Nothing will change any more: end the stream (the dashboard closes its EventSource on a terminal state).
                end();
                return false;
            }
            return true;
        }

        void end() {
            emitter.complete();
            close();
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            open.decrementAndGet();
            openByUser.computeIfPresent(user, (u, count) -> count.decrementAndGet() <= 0 ? null : count);
            List<Stream> streams = watched.get(rolloutId);
            if (streams != null) {
                streams.remove(this);
            }
        }
    }
}
