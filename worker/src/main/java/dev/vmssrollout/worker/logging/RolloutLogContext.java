package dev.vmssrollout.worker.logging;

import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.workflows.Notification;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Puts the rollout on every log line the worker writes for it, as MDC fields: {@value #ROLLOUT_ID}
 * (from the workflow ID or the activity's arguments), {@value #SCALE_SET} and, where known,
 * {@value #WAVE} (the 0-based wave index, as in the REST API). Progress events and notifications
 * name their wave; the per-wave Azure activities learn it from a header that the workflow side of
 * this interceptor adds: the wave of the last progress event the workflow recorded before them.
 * Only headers and the MDC change, nothing the workflow's history is checked against.
 */
public final class RolloutLogContext extends WorkerInterceptorBase {

    public static final String ROLLOUT_ID = "rolloutId";
    public static final String WAVE = "wave";
    public static final String SCALE_SET = "scaleSet";

    static final String WAVE_HEADER = "vmss-rollout-wave";
    private static final String WORKFLOW_ID_PREFIX = "rollout-";
    /** The activities that work on one wave; the others concern the whole scale set. */
    private static final Set<String> WAVE_ACTIVITIES = Set.of("UpgradeInstances", "AwaitWaveHealthy");

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityContext(next);
    }

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
        return new WorkflowContext(next);
    }

    /** The MDC fields for one activity execution. */
    static Map<String, String> fields(String workflowId, Object[] arguments, Header header) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (workflowId != null && workflowId.startsWith(WORKFLOW_ID_PREFIX)) {
            fields.put(ROLLOUT_ID, workflowId.substring(WORKFLOW_ID_PREFIX.length()));
        }
        for (Object argument : arguments) {
            if (argument instanceof ProgressEvent event) {
                fields.put(ROLLOUT_ID, event.rolloutId());
                putWave(fields, event.wave());
            } else if (argument instanceof Notification notification) {
                fields.put(ROLLOUT_ID, notification.rolloutId());
                fields.put(SCALE_SET, notification.scaleSet().toString());
                putWave(fields, notification.wave());
            } else if (argument instanceof ScaleSetRef scaleSet) {
                fields.put(SCALE_SET, scaleSet.toString());
            }
        }
        if (!fields.containsKey(WAVE) && header != null) {
            Payload wave = header.getValues().get(WAVE_HEADER);
            if (wave != null) {
                putWave(fields, DefaultDataConverter.STANDARD_INSTANCE.fromPayload(wave, Integer.class, Integer.class));
            }
        }
        return fields;
    }

    private static void putWave(Map<String, String> fields, Integer wave) {
        if (wave != null) {
            fields.put(WAVE, wave.toString());
        }
    }

    /** Sets {@code fields} for the duration of {@code call}, and restores what was there before. */
    static <T> T with(Map<String, String> fields, Supplier<T> call) {
        Map<String, String> previous = new HashMap<>();
        fields.forEach((key, value) -> {
            previous.put(key, MDC.get(key));
            MDC.put(key, value);
        });
        try {
            return call.get();
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    MDC.remove(key);
                } else {
                    MDC.put(key, value);
                }
            });
        }
    }

    private static final class ActivityContext extends ActivityInboundCallsInterceptorBase {

        private ActivityExecutionContext context;

        ActivityContext(ActivityInboundCallsInterceptor next) {
            super(next);
        }

        @Override
        public void init(ActivityExecutionContext context) {
            this.context = context;
            super.init(context);
        }

        @Override
        public ActivityOutput execute(ActivityInput input) {
            Map<String, String> fields = fields(context.getInfo().getWorkflowId(), input.getArguments(), input.getHeader());
            return with(fields, () -> super.execute(input));
        }
    }

    /** Workflow code logs through Workflow.getLogger; its lines get the rollout ID too. */
    private static final class WorkflowContext extends WorkflowInboundCallsInterceptorBase {

        WorkflowContext(WorkflowInboundCallsInterceptor next) {
            super(next);
        }

        @Override
        public void init(WorkflowOutboundCallsInterceptor outbound) {
            super.init(new WaveHeaders(outbound));
        }

        @Override
        public WorkflowOutput execute(WorkflowInput input) {
            return with(rollout(), () -> super.execute(input));
        }

        @Override
        public void handleSignal(SignalInput input) {
            with(rollout(), () -> {
                super.handleSignal(input);
                return null;
            });
        }

        @Override
        public void validateUpdate(UpdateInput input) {
            with(rollout(), () -> {
                super.validateUpdate(input);
                return null;
            });
        }

        @Override
        public UpdateOutput executeUpdate(UpdateInput input) {
            return with(rollout(), () -> super.executeUpdate(input));
        }

        private static Map<String, String> rollout() {
            return fields(Workflow.getInfo().getWorkflowId(), new Object[0], null);
        }
    }

    /** Tells the per-wave Azure activities which wave they work on. */
    private static final class WaveHeaders extends WorkflowOutboundCallsInterceptorBase {

        private Integer wave;

        WaveHeaders(WorkflowOutboundCallsInterceptor next) {
            super(next);
        }

        @Override
        public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
            Object[] args = input.getArgs();
            if (args.length == 1 && args[0] instanceof ProgressEvent event && event.wave() != null) {
                wave = event.wave();
            }
            if (wave == null || !WAVE_ACTIVITIES.contains(input.getActivityName())) {
                return super.executeActivity(input);
            }
            Map<String, Payload> values = new HashMap<>(input.getHeader().getValues());
            values.put(WAVE_HEADER, DefaultDataConverter.STANDARD_INSTANCE.toPayload(wave).orElseThrow());
            return super.executeActivity(new ActivityInput<>(input.getActivityName(), input.getResultClass(),
                    input.getResultType(), args, input.getOptions(), new Header(values)));
        }
    }
}
