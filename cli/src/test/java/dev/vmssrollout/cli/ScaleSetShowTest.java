package dev.vmssrollout.cli;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vmssrollout.cli.render.Terminal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scaleset show}: the model and the update-domain x fault-domain grid of a scale set, as the API reads it;
 * {@code scaleset list}: the scale sets of a subscription or resource group.
 */
class ScaleSetShowTest extends AgainstStubApi {

    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    private static final String PATH = "/api/v1/scalesets/" + SUBSCRIPTION + "/demo-rg/web";
    private static final String SCALE_SET = """
            {"target": {"subscriptionId": "%s", "resourceGroup": "demo-rg", "scaleSet": "web"},
             "model": {"image": {"publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server",
                                 "version": "24.04.202410010"},
                       "upgradePolicy": "Manual", "capacity": 5, "provisioningState": "Succeeded",
                       "conflictingOperation": null},
             "instances": [
               {"instanceId": "0", "updateDomain": 0, "faultDomain": 0, "zone": null, "latestModelApplied": true,
                "updating": false, "health": "HEALTHY"},
               {"instanceId": "1", "updateDomain": 1, "faultDomain": 1, "zone": null, "latestModelApplied": false,
                "updating": false, "health": "UNHEALTHY"},
               {"instanceId": "2", "updateDomain": 2, "faultDomain": 0, "zone": null, "latestModelApplied": true,
                "updating": true, "health": "UNKNOWN"},
               {"instanceId": "3", "updateDomain": 0, "faultDomain": 1, "zone": null, "latestModelApplied": true,
                "updating": false, "health": "UNKNOWN"},
               {"instanceId": "14", "updateDomain": 0, "faultDomain": 0, "zone": null, "latestModelApplied": true,
                "updating": false, "health": "HEALTHY"}],
             "activeRollout": {"id": "r-7", "state": "RUNNING"}}""".formatted(SUBSCRIPTION);

    @Test
    void showsTheModelAndTheUpdateDomainByFaultDomainGrid() {
        api.json("GET", PATH, 200, SCALE_SET);
        cli.env.put("VMSS_ROLLOUT_SUBSCRIPTION", SUBSCRIPTION);

        TestCli.Result result = cli.run("scaleset", "show", "demo-rg/web");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(api.last().path()).isEqualTo(PATH);
        assertThat(result.out()).isEqualTo("""
                scale set %s/demo-rg/web
                model    Canonical:ubuntu-24_04-lts:server:24.04.202410010, upgrade policy Manual, capacity 5, Succeeded
                rollout  r-7 RUNNING

                      FD 0    FD 1
                UD 0  0+ 14+  3?
                UD 1          1!*
                UD 2  2~
                legend:  + healthy  ! unhealthy  ~ updating  ? health unknown  * not on the latest model  @ zone
                """.formatted(SUBSCRIPTION));
    }

    @Test
    void inColourEachInstanceKeepsItsSymbol() {
        api.json("GET", PATH, 200, SCALE_SET);

        TestCli.Result result = cli.terminal(Terminal.colour(100)).run("scaleset", "show", SUBSCRIPTION + "/demo-rg/web");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("\u001B[42;30m14+\u001B[0m").contains("\u001B[43;30m1!*\u001B[0m")
                .contains("\u001B[44;97m2~\u001B[0m");
    }

    @Test
    void yamlIsTheApisDocumentAndAMalformedTargetAsksNothing() throws Exception {
        api.json("GET", PATH, 200, SCALE_SET);

        TestCli.Result yaml = cli.run("scaleset", "show", SUBSCRIPTION + "/demo-rg/web", "-o", "yaml");
        TestCli.Result malformed = cli.run("scaleset", "show", "web");
        TestCli.Result noSubscription = cli.run("scaleset", "show", "demo-rg/web");

        assertThat(new YAMLMapper().readTree(yaml.out()).path("instances").size()).isEqualTo(5);
        assertThat(malformed.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(malformed.err()).contains("'web' is not [SUBSCRIPTION/]RESOURCE_GROUP/NAME");
        assertThat(noSubscription.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(noSubscription.err()).contains("no subscription");
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void listShowsTheScaleSetsOfAResourceGroupOnePerLine() {
        String list = """
                {"scaleSets": [
                  {"subscriptionId": "%1$s", "resourceGroup": "demo-rg", "name": "api", "location": "westeurope",
                   "capacity": 2, "upgradePolicy": "Manual", "image": {"publisher": "Canonical",
                   "offer": "ubuntu-24_04-lts", "sku": "server", "version": "24.04.202410010"}},
                  {"subscriptionId": "%1$s", "resourceGroup": "demo-rg", "name": "web", "location": "westeurope",
                   "capacity": 20, "upgradePolicy": "Rolling", "image": {"id": "/subscriptions/%1$s/gallery/v1"},
                   "tags": {"tier": "web", "env": "prod"}}],
                 "truncated": false}""".formatted(SUBSCRIPTION);
        api.json("GET", "/api/v1/scalesets", 200, list);
        TestCli.Result noSubscription = cli.run("scaleset", "list");
        cli.env.put("VMSS_ROLLOUT_SUBSCRIPTION", SUBSCRIPTION);

        TestCli.Result result = cli.run("scaleset", "list", "-g", "demo-rg");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(api.last().query()).isEqualTo("subscriptionId=" + SUBSCRIPTION + "&resourceGroup=demo-rg");
        assertThat(result.out()).isEqualTo("""
                SCALE SET    LOCATION    INSTANCES  POLICY   IMAGE                                                           TAGS
                demo-rg/api  westeurope  2          Manual   Canonical:ubuntu-24_04-lts:server:24.04.202410010
                demo-rg/web  westeurope  20         Rolling  /subscriptions/%s/gallery/v1  env=prod,tier=web
                """.formatted(SUBSCRIPTION));
        assertThat(noSubscription.exit()).isEqualTo(ExitCode.BAD_INPUT.code());
        assertThat(noSubscription.err()).contains("no subscription");
    }

    @Test
    void aCutListSaysHowToSeeTheRest() {
        api.json("GET", "/api/v1/scalesets", 200, """
                {"scaleSets": [{"subscriptionId": "%s", "resourceGroup": "rg", "name": "a", "location": "eastus",
                 "capacity": 1, "upgradePolicy": "Manual", "image": null}], "truncated": true}""".formatted(SUBSCRIPTION));

        TestCli.Result result = cli.run("scaleset", "list", "--subscription", SUBSCRIPTION);

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(api.last().query()).isEqualTo("subscriptionId=" + SUBSCRIPTION);
        assertThat(result.out()).contains("rg/a").endsWith("(the first 1 of subscription " + SUBSCRIPTION
                + "; give --resource-group to see the rest)\n");
    }
}
