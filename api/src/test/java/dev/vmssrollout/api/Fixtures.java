package dev.vmssrollout.api;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WavePlanner;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.InstanceStatus;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;
import dev.vmssrollout.workflows.ScaleSetInspection;
import dev.vmssrollout.workflows.ScaleSetModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Requests and stored rollouts for the web tests: the demo scale set of DESIGN.md. */
public final class Fixtures {

    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    public static final ScaleSetRef WEB = new ScaleSetRef(SUBSCRIPTION, "demo-rg", "web");
    public static final Image CURRENT = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    public static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    private Fixtures() {
    }

    /** A valid submission for {@code scaleSet} with whatever JSON members {@code extra} adds (leading comma included). */
    public static String body(String scaleSet, String extra) {
        return """
                {"target": {"subscriptionId": "%s", "resourceGroup": "demo-rg", "scaleSet": "%s"},
                 "image": {"version": "24.04.202410010"}%s}""".formatted(SUBSCRIPTION, scaleSet, extra);
    }

    public static String body() {
        return body("web", "");
    }

    /** 20 instances over update and fault domains 0-4, all on {@link #CURRENT}. */
    public static List<Instance> instances(int count) {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instances.add(new Instance(String.valueOf(i), i % 5, i % 5, null, CURRENT, true,
                    Instance.PowerState.RUNNING, false, Instance.Health.HEALTHY));
        }
        return instances;
    }

    public static ScaleSetInspection inspection(RolloutPlan plan, String upgradePolicy) {
        List<Instance> instances = instances(20);
        ScaleSetModel model = new ScaleSetModel(plan.target(), CURRENT, upgradePolicy, 20, "Succeeded", null);
        Image target = plan.image().applyTo(CURRENT);
        return new ScaleSetInspection(model, instances, target, WavePlanner.plan(plan.strategy(), target, instances), List.of());
    }

    /** A stored rollout in {@code state}, planned by update domain, with {@code waiting} waiting for approval (or null). */
    public static RolloutDetails stored(String id, RolloutPlan plan, RolloutState state, String submittedBy, Integer waiting) {
        WavePlan waves = WavePlanner.plan(plan.strategy(), plan.image().applyTo(CURRENT), instances(20));
        List<WaveDetails> details = new ArrayList<>();
        for (Wave wave : waves.waves()) {
            WaveState waveState = waiting != null && wave.index() == waiting ? WaveState.WAITING_FOR_APPROVAL : WaveState.PENDING;
            details.add(new WaveDetails(wave.index(), wave.label(), waveState, null, null,
                    wave.instanceIds().stream().map(i -> new InstanceStatus(i, InstanceState.PENDING)).toList()));
        }
        return new RolloutDetails(id, plan, state, null, submittedBy, AT, AT, plan.image().toString(), null,
                waiting, waves.waves().size(), 1, details, List.of(), List.of(),
                List.of(new EventRecord(1, AT, EventType.SUBMITTED, submittedBy, "rollout submitted by " + submittedBy, null)));
    }
}
