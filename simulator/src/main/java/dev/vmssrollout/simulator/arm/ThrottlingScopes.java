package dev.vmssrollout.simulator.arm;

import dev.vmssrollout.simulator.Throttling;
import dev.vmssrollout.simulator.compute.ScaleSet;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which budgets a scale set's requests spend. Compute counts them per subscription and region, so every scale set
 * there shares one {@link PolicyBudgets}, limited as the simulator's options say unless a scale set's faults set
 * {@link Throttling} of that scope (which then applies to all of them). A {@link Throttling.Scope#SCALE_SET} fault
 * gives the scale set budgets of its own.
 */
final class ThrottlingScopes {
    private final Throttling defaults;
    private final Map<String, PolicyBudgets> budgets = new ConcurrentHashMap<>();

    ThrottlingScopes(Throttling defaults) {
        this.defaults = defaults;
    }

    PolicyBudgets of(ScaleSet scaleSet) {
        Throttling fault = scaleSet.faults().throttling();
        boolean own = fault != null && fault.scope() == Throttling.Scope.SCALE_SET;
        String key = own ? "scale set " + scaleSet.key().lookupKey()
            : ("region " + scaleSet.key().subscriptionId() + "/" + scaleSet.setup().location()).toLowerCase(Locale.ROOT);
        Throttling wanted = fault != null ? fault : null;
        return budgets.compute(key, (k, current) -> {
            if (current == null) {
                return new PolicyBudgets(wanted != null ? wanted : defaults);
            }
            return wanted != null && !wanted.equals(current.throttling()) ? new PolicyBudgets(wanted) : current;
        });
    }
}
