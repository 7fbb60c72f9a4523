package dev.vmssrollout.api.reconciler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs the reconciler at start-up and then every {@code vmss.reconciler.interval}, unless disabled. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "vmss.reconciler.enabled", havingValue = "true", matchIfMissing = true)
class ReconcilerSchedule {

    private final Reconciler reconciler;

    ReconcilerSchedule(Reconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Scheduled(initialDelayString = "${vmss.reconciler.initial-delay:0s}", fixedDelayString = "${vmss.reconciler.interval:30s}")
    void run() {
        reconciler.reconcile();
    }
}
