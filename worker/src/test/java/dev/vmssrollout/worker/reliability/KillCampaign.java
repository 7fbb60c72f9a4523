package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.StrategyMode;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.workflows.ApproveWave;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kills the worker at points drawn from a seed while several rollouts run side by side: each rollout gets kill
 * points (wave, phase), and the worker dies a seeded delay after the database shows that wave in that phase:
 * UPGRADING (the manualupgrade activity is on its way), VERIFYING (the health wait), or WAITING_FOR_APPROVAL
 * (an approval arrives while no worker runs). A kill hits every rollout in flight, not only the one that
 * triggered it. The same seed gives the same plans, kill points, delays and downtimes; the thread scheduling of
 * the machine decides the rest, so the figures vary a little from run to run.
 */
final class KillCampaign {

    /** One kill of the worker: what triggered it, and which activities it cut short. */
    record Kill(int number, String trigger, long delayMillis, long downMillis, Map<String, Integer> cutShort) {
    }

    /** What the campaign did, for the test's report. */
    record Figures(long seed, int rollouts, List<Kill> kills, int missedPoints, Duration duration,
                   Map<String, Integer> killsInside) {
    }

    private record KillPoint(int wave, WaveState phase) {
    }

    private static final class Target {
        final String name;
        final ScaleSetKey key;
        final String id;
        final List<KillPoint> points;
        int next;

        Target(String name, ScaleSetKey key, String id, List<KillPoint> points) {
            this.name = name;
            this.key = key;
            this.id = id;
            this.points = points;
        }
    }

    private static final long UPGRADE_MILLIS = 500;
    private static final long BOOT_MILLIS = 250;
    /** Every ARM call takes this long, so a kill "inside manualupgrade" has a request in flight to land in. */
    private static final long ARM_LATENCY_MILLIS = 100;

    private final ReliabilityStack stack;
    private final long seed;
    private final Random random;
    private final List<Kill> kills = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private int missed;

    KillCampaign(ReliabilityStack stack, long seed) {
        this.stack = stack;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** The seed from {@code -Dreliability.seed}, or {@code fallback}; printed either way, so any run can be repeated. */
    static long seed(long fallback) {
        long seed = Long.getLong("reliability.seed", fallback);
        System.out.println("[reliability] seed " + seed + " (repeat with -Dreliability.seed=" + seed + ")");
        return seed;
    }

    /**
     * Runs rounds of {@code perRound} rollouts side by side, {@code pointsPerRollout} kill points each, until at
     * least {@code minKills} kills landed; every rollout must then succeed with the invariants intact.
     */
    Figures run(int minKills, int perRound, int pointsPerRollout) {
        long started = System.nanoTime();
        int round = 0;
        while (kills.size() < minKills) {
            List<Target> batch = new ArrayList<>();
            for (int i = 0; i < perRound; i++) {
                batch.add(submit(round, i, pointsPerRollout));
            }
            targets.addAll(batch);
            drive(batch);
            for (Target target : batch) {
                RolloutDetails done = stack.rollout(target.id);
                if (done.state() != RolloutState.SUCCEEDED) {
                    throw new AssertionError("rollout " + target.id + " on " + target.name + " ended " + done.state()
                            + " (" + done.stateReason() + ") after kills " + kills + "\n" + done.events());
                }
                stack.invariants(target.id, target.key).assertHold();
            }
            round++;
        }
        Map<String, Integer> inside = new TreeMap<>();
        for (Kill kill : kills) {
            kill.cutShort().keySet().forEach(method -> inside.merge(method, 1, Integer::sum));
            if (kill.cutShort().isEmpty()) {
                inside.merge("(between activities)", 1, Integer::sum);
            }
        }
        return new Figures(seed, targets.size(), List.copyOf(kills), missed,
                Duration.ofNanos(System.nanoTime() - started), inside);
    }

    private Target submit(int round, int index, int pointsPerRollout) {
        String name = "kill-" + seed % 10_000 + "-" + round + "-" + index;
        int shape = (round + index) % 3;
        int capacity = switch (shape) {
            case 0 -> 20;
            case 1 -> 12;
            default -> 15;
        };
        Strategy strategy = switch (shape) {
            case 0 -> Strategy.byUpdateDomain();
            case 1 -> Strategy.of(StrategyMode.BATCH).withBatchSize(3);
            default -> Strategy.of(StrategyMode.FAULT_DOMAIN);
        };
        ApprovalMode approval = shape == 2 ? ApprovalMode.FIRST_WAVE : ApprovalMode.NONE;
        Duration minReady = Duration.ofMillis(random.nextBoolean() ? 0 : 200);
        ScaleSetKey key = stack.scaleSet(name, ReliabilityStack.scaleSetOf(capacity, UPGRADE_MILLIS, BOOT_MILLIS));
        stack.faults(key, Faults.builder().latencyMillis(ARM_LATENCY_MILLIS).build());
        int waves = shape == 1 ? capacity / 3 : 5;
        List<KillPoint> points = pointsFor(waves, approval, pointsPerRollout);
        RolloutPlan plan = new RolloutPlan(ReliabilityStack.ref(key), ImageChange.toVersion(ReliabilityStack.NEXT_VERSION),
                strategy, approval, new HealthPolicy(Duration.ofSeconds(60), minReady, 0), FailurePolicy.PAUSE, false);
        String id = stack.submit(plan, "alice");
        System.out.println("[reliability] rollout " + id + " on " + name + ": " + strategy.mode() + ", " + waves
                + " waves, approval " + approval + ", minReady " + minReady.toMillis() + " ms, kill points " + points);
        return new Target(name, key, id, points);
    }

    /** Distinct (wave, phase) points in the order a rollout passes them, at least one of each phase. */
    private List<KillPoint> pointsFor(int waves, ApprovalMode approval, int count) {
        List<KillPoint> all = new ArrayList<>();
        for (int wave = 0; wave < waves; wave++) {
            all.add(new KillPoint(wave, WaveState.UPGRADING));
            all.add(new KillPoint(wave, WaveState.VERIFYING));
        }
        Collections.shuffle(all, random);
        List<KillPoint> chosen = new ArrayList<>(all.subList(0, Math.min(count, all.size())));
        if (chosen.stream().noneMatch(p -> p.phase() == WaveState.UPGRADING)) {
            chosen.set(0, new KillPoint(chosen.get(0).wave(), WaveState.UPGRADING));
        }
        if (chosen.stream().noneMatch(p -> p.phase() == WaveState.VERIFYING)) {
            chosen.set(chosen.size() - 1, new KillPoint(chosen.get(chosen.size() - 1).wave(), WaveState.VERIFYING));
        }
        if (approval == ApprovalMode.FIRST_WAVE) {
            chosen.set(chosen.size() - 1, new KillPoint(0, WaveState.WAITING_FOR_APPROVAL));
        }
        List<KillPoint> distinct = new ArrayList<>(chosen.stream().distinct().toList());
        distinct.sort((a, b) -> a.wave() != b.wave() ? Integer.compare(a.wave(), b.wave())
                : Integer.compare(a.phase().ordinal(), b.phase().ordinal()));
        return distinct;
    }

    /** Watches the rollouts, kills the worker at their points, approves what waits for approval, until all settle. */
    private void drive(List<Target> batch) {
        AtomicBoolean stop = new AtomicBoolean();
        Thread approver = new Thread(() -> approveWhileRunning(batch, stop), "reliability-approver");
        approver.setDaemon(true);
        approver.start();
        try {
            long deadline = System.nanoTime() + ReliabilityStack.DEADLINE.toNanos();
            while (batch.stream().anyMatch(t -> !settled(stack.rollout(t.id)))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the rollouts did not settle within " + ReliabilityStack.DEADLINE
                            + "; kills so far: " + kills);
                }
                for (Target target : batch) {
                    maybeKill(target);
                }
                sleep(15);
            }
        } finally {
            stop.set(true);
        }
    }

    private void maybeKill(Target target) {
        if (target.next >= target.points.size()) {
            return;
        }
        KillPoint point = target.points.get(target.next);
        RolloutDetails rollout = stack.rollout(target.id);
        if (rollout.waves().size() <= point.wave()) {
            if (rollout.state().isTerminal()) {
                missed += target.points.size() - target.next;
                target.next = target.points.size();
            }
            return;
        }
        WaveDetails wave = rollout.waves().get(point.wave());
        if (wave.state() == point.phase()) {
            target.next++;
            long delay = switch (point.phase()) {
                case UPGRADING -> random.nextInt(60);
                case VERIFYING -> random.nextInt(400);
                default -> random.nextInt(200);
            };
            long down = random.nextInt(400);
            if (point.phase() == WaveState.UPGRADING) {
                // The wave shows UPGRADING before its manualupgrade call is made, and the call is short: aim the
                // kill at the call itself rather than at a moment that may fall before or after it.
                awaitRunning("upgradeInstances", delay + UPGRADE_CALL_WAIT_MILLIS);
            } else {
                sleep(delay);
            }
            Map<String, Integer> cutShort = stack.runningActivities();
            stack.killWorker();
            sleep(down);
            stack.startWorker();
            Kill kill = new Kill(kills.size() + 1, target.name + " wave " + point.wave() + " " + point.phase(), delay,
                    down, cutShort);
            kills.add(kill);
            String moment = point.phase() != WaveState.UPGRADING ? " +" + delay + " ms"
                    : cutShort.containsKey("upgradeInstances") ? " inside upgradeInstances"
                    : " with no upgradeInstances running after " + (delay + UPGRADE_CALL_WAIT_MILLIS) + " ms";
            System.out.println("[reliability] kill " + kill.number() + ": " + kill.trigger() + moment
                    + ", down " + down + " ms, cut short " + cutShort);
        } else if (rank(wave.state()) > rank(point.phase()) || rollout.state().isTerminal()) {
            target.next++;
            missed++;
            System.out.println("[reliability] missed kill point " + target.name + " " + point + " (wave is " + wave.state() + ")");
        }
    }

    private void approveWhileRunning(List<Target> batch, AtomicBoolean stop) {
        while (!stop.get()) {
            for (Target target : batch) {
                try {
                    RolloutDetails rollout = stack.rollout(target.id);
                    if (rollout.state() == RolloutState.WAITING_FOR_APPROVAL) {
                        int wave = rollout.currentWave() == null ? 0 : rollout.currentWave();
                        stack.workflow(target.id).approve(new ApproveWave("bob", wave, "approved during a kill campaign"));
                    }
                } catch (RuntimeException e) {
                    // Already approved by a call that timed out, or the worker is down: look again shortly.
                }
            }
            sleep(100);
        }
    }

    private static final long UPGRADE_CALL_WAIT_MILLIS = 500;

    /** Returns once the activity runs on the worker, or after {@code millis} when it never showed. */
    private void awaitRunning(String activity, long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        while (!stack.runningActivities().containsKey(activity) && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static boolean settled(RolloutDetails rollout) {
        return rollout.state().isTerminal() || rollout.state() == RolloutState.PAUSED;
    }

    private static int rank(WaveState state) {
        return switch (state) {
            case PENDING -> 0;
            case WAITING_FOR_APPROVAL -> 1;
            case UPGRADING -> 2;
            case VERIFYING -> 3;
            default -> 4;
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
