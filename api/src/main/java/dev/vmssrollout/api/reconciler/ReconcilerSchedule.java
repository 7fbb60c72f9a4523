package dev.vmssrollout.api.reconciler;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs the reconcilers (rollouts, then releases) at start-up and then every {@code vmss.reconciler.interval}, unless disabled. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "vmss.reconciler.enabled", havingValue = "true", matchIfMissing = true)
class ReconcilerSchedule {

    private final Reconciler reconciler;
    private final ReleaseReconciler releases;

    ReconcilerSchedule(Reconciler reconciler, ReleaseReconciler releases) {
        this.reconciler = reconciler;
        this.releases = releases;
    }

    @Scheduled(initialDelayString = "${vmss.reconciler.initial-delay:0s}", fixedDelayString = "${vmss.reconciler.interval:30s}")
    void run() {
        // Rollouts first: a recovered release follows its rollouts' rows, which their own new runs then move on.
        reconciler.reconcile();
        releases.reconcile();
    }
}
