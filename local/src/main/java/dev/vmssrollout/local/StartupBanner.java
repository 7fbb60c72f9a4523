package dev.vmssrollout.local;

import java.time.Duration;
import java.util.Locale;

/** What the local stack prints once it is ready: where everything is, and how to run a first rollout. */
final class StartupBanner {

    private StartupBanner() {
    }

    static String text(LocalStack stack, Duration startup) {
        LocalOptions o = stack.options();
        String api = stack.apiUrl().toString();
        String simulator = stack.simulator().baseUrl().toString();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%nvmss-rollout local stack ready in %.1f s%n%n", startup.toMillis() / 1000.0));
        row(text, "REST API", api + "/api/v1/rollouts   (HTTP Basic: alice/alice, bob/bob)");
        row(text, "Dashboard", api + "/");
        row(text, "Swagger UI", api + "/swagger-ui.html");
        row(text, "Temporal", stack.temporalDescription());
        stack.temporalUiUrl().ifPresent(ui -> row(text, "Temporal UI", ui + "   (find rollouts by RolloutId, ScaleSet,"
                + " RolloutState; each rollout's temporalUi link opens its workflow)"));
        row(text, "Simulator", simulator + "   certificate " + stack.simulatorCertificate());
        row(text, "PostgreSQL", stack.databaseDescription());
        row(text, "Demo", "scale set " + DemoScaleSet.SUBSCRIPTION + "/" + DemoScaleSet.RESOURCE_GROUP + "/"
                + DemoScaleSet.NAME + ", 20 instances in update domains 0-4"
                + (stack.demoScaleSetCreated() ? ", image " + DemoScaleSet.IMAGE.version() + " (created now)"
                        : " (kept from the last run, with whatever rollouts did to it)"));
        row(text, "Data", o.dataDir().toAbsolutePath().normalize() + (o.embeddedDatabase() ? "" : " (simulator only)"));
        row(text, "Listening", o.openToTheNetwork()
                ? o.bindAddress() + ": OPEN TO THE NETWORK (--bind); the local users alice/bob are demo accounts"
                : o.bindAddress() + " only (--bind 0.0.0.0 opens the ports to the network)");
        text.append(String.format("%nStart a first rollout of the demo scale set as alice:%n%n"));
        FirstRollout.submit(api).forEach(line -> text.append("  ").append(line).append(System.lineSeparator()));
        text.append(String.format("%nIt waits for approval before wave 0 and again before wave 1. Approve as bob "
                + "(alice submitted it, and approvers need four eyes), once for each:%n%n"));
        text.append("  ").append(FirstRollout.approve(api)).append(System.lineSeparator());
        text.append(String.format("%nWatch it (or open the dashboard):%n%n"));
        text.append("  ").append(FirstRollout.watch(api)).append(System.lineSeparator());
        text.append(String.format("%nCtrl-C stops everything; starting again keeps the rollouts and the scale sets.%n"));
        return text.toString();
    }

    private static void row(StringBuilder text, String what, String where) {
        text.append(String.format(Locale.ROOT, "  %-11s %s%n", what, where));
    }
}
