package dev.vmssrollout.api.scalesets;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutSummary;
import dev.vmssrollout.workflows.RolloutFailure;
import dev.vmssrollout.workflows.ScaleSetInspection;
import dev.vmssrollout.workflows.ScaleSetList;
import dev.vmssrollout.workflows.ScaleSetSummary;
import dev.vmssrollout.workflows.ScaleSetModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * GET /api/v1/scalesets/{subscriptionId}/{resourceGroup}/{name} and GET /api/v1/scalesets?subscriptionId=: read
 * through the worker, never from Azure directly.
 */
class ScaleSetsControllerTest extends WebTestSupport {

    private static final String WEB = "/api/v1/scalesets/" + Fixtures.SUBSCRIPTION + "/demo-rg/web";
    private static final String LIST = "/api/v1/scalesets";

    @Autowired
    ScaleSetReads reads;

    /** Each test stubs its own answer for the same scale set: none may be served from another's cached read. */
    @BeforeEach
    void forgetCachedReads() {
        reads.forgetAll();
    }

    private static ScaleSetInspection web() {
        List<Instance> instances = new ArrayList<>(Fixtures.instances(20));
        instances.set(3, new Instance("3", 3, 3, null, Fixtures.CURRENT, false, Instance.PowerState.RUNNING, true,
                Instance.Health.UNKNOWN));
        return new ScaleSetInspection(new ScaleSetModel(Fixtures.WEB, Fixtures.CURRENT, "Manual", 20, "Succeeded", null),
                instances, null, null, List.of());
    }

    @Test
    void answersTheModelTheInstancesAndTheActiveRollout() throws Exception {
        when(inspector.read(Fixtures.WEB)).thenReturn(web());
        when(store.findActive(Fixtures.WEB)).thenReturn(Optional.of(new RolloutSummary("r9", Fixtures.WEB,
                RolloutState.RUNNING, null, "version 24.04.202410010", "alice", 1, 5, 4, 20, null, Fixtures.AT, Fixtures.AT)));

        mvc.perform(get(WEB).with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.target.scaleSet").value("web"))
                .andExpect(jsonPath("$.model.image.version").value("24.04.202409010"))
                .andExpect(jsonPath("$.model.image.sku").value("server"))
                .andExpect(jsonPath("$.model.upgradePolicy").value("Manual"))
                .andExpect(jsonPath("$.model.capacity").value(20))
                .andExpect(jsonPath("$.instances.length()").value(20))
                .andExpect(jsonPath("$.instances[2].instanceId").value("2"))
                .andExpect(jsonPath("$.instances[2].updateDomain").value(2))
                .andExpect(jsonPath("$.instances[2].faultDomain").value(2))
                .andExpect(jsonPath("$.instances[2].power").value("RUNNING"))
                .andExpect(jsonPath("$.instances[2].health").value("HEALTHY"))
                .andExpect(jsonPath("$.instances[2].latestModelApplied").value(true))
                .andExpect(jsonPath("$.instances[3].updating").value(true))
                .andExpect(jsonPath("$.instances[3].latestModelApplied").value(false))
                .andExpect(jsonPath("$.activeRollout.id").value("r9"))
                .andExpect(jsonPath("$.activeRollout.state").value("RUNNING"));
    }

    @Test
    void withoutAnActiveRolloutThatMemberIsNull() throws Exception {
        when(inspector.read(Fixtures.WEB)).thenReturn(web());
        when(store.findActive(Fixtures.WEB)).thenReturn(Optional.empty());
        mvc.perform(get(WEB).with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.activeRollout").doesNotExist());
    }

    @Test
    void anUnknownScaleSetIs404() throws Exception {
        when(inspector.read(Fixtures.WEB)).thenThrow(new ScaleSetNotFoundException(Fixtures.WEB, "Azure answered 404"));
        mvc.perform(get(WEB).with(httpBasic("bob", "bob")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:vmss-rollout:problem:not-found"))
                .andExpect(jsonPath("$.detail", containsString("was not found")))
                .andExpect(jsonPath("$.scaleSet").value(Fixtures.WEB.resourceId()));
    }

    @Test
    void aWorkerThatDoesNotAnswerIs503() throws Exception {
        when(inspector.read(Fixtures.WEB)).thenThrow(new TemporalUnavailableException("no worker read the scale set", null));
        mvc.perform(get(WEB).with(httpBasic("bob", "bob")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "10"))
                .andExpect(jsonPath("$.detail", containsString("no worker read the scale set")));
    }

    @Test
    void invalidNamesAre400NamingThePathSegmentAndReachNoWorker() throws Exception {
        mvc.perform(get("/api/v1/scalesets/not-a-guid/demo-rg/-bad").with(httpBasic("bob", "bob")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[?(@.field == 'subscriptionId')]").exists())
                .andExpect(jsonPath("$.violations[?(@.field == 'name')]").exists());
        verify(inspector, never()).read(any());
    }

    @Test
    void readingNeedsAuthentication() throws Exception {
        mvc.perform(get(WEB)).andExpect(status().isUnauthorized());
        mvc.perform(get(LIST).param("subscriptionId", Fixtures.SUBSCRIPTION)).andExpect(status().isUnauthorized());
    }

    @Test
    void aResourceGroupListsTheScaleSetsTheWorkerSees() throws Exception {
        when(inspector.list(Fixtures.SUBSCRIPTION, "demo-rg")).thenReturn(ScaleSetList.of(List.of(
                new ScaleSetSummary(Fixtures.WEB, "westeurope", 20, "Manual", Fixtures.CURRENT, Map.of()))));

        mvc.perform(get(LIST).param("subscriptionId", Fixtures.SUBSCRIPTION).param("resourceGroup", "demo-rg")
                        .with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.scaleSets.length()").value(1))
                .andExpect(jsonPath("$.scaleSets[0].subscriptionId").value(Fixtures.SUBSCRIPTION))
                .andExpect(jsonPath("$.scaleSets[0].resourceGroup").value("demo-rg"))
                .andExpect(jsonPath("$.scaleSets[0].name").value("web"))
                .andExpect(jsonPath("$.scaleSets[0].location").value("westeurope"))
                .andExpect(jsonPath("$.scaleSets[0].capacity").value(20))
                .andExpect(jsonPath("$.scaleSets[0].upgradePolicy").value("Manual"))
                .andExpect(jsonPath("$.scaleSets[0].image.version").value("24.04.202409010"))
                .andExpect(jsonPath("$.truncated").value(false));
    }

    @Test
    void aWholeSubscriptionIsListedWhenNoResourceGroupIsNamed() throws Exception {
        when(inspector.list(Fixtures.SUBSCRIPTION, null)).thenReturn(ScaleSetList.of(List.of()));

        mvc.perform(get(LIST).param("subscriptionId", Fixtures.SUBSCRIPTION).param("resourceGroup", "")
                        .with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.scaleSets.length()").value(0));
        verify(inspector).list(Fixtures.SUBSCRIPTION, null);
    }

    @Test
    void aResourceGroupAzureDoesNotKnowIs404WithAzuresReason() throws Exception {
        when(inspector.list(Fixtures.SUBSCRIPTION, "gone-rg")).thenReturn(ScaleSetList.refused(
                RolloutFailure.SCALE_SET_NOT_FOUND.name(), "Azure answered 404 ResourceGroupNotFound"));

        mvc.perform(get(LIST).param("subscriptionId", Fixtures.SUBSCRIPTION).param("resourceGroup", "gone-rg")
                        .with(httpBasic("bob", "bob")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("resource group gone-rg was not found: "
                        + "Azure answered 404 ResourceGroupNotFound"));
    }

    @Test
    void aListWithoutAValidSubscriptionIs400AndReachesNoWorker() throws Exception {
        mvc.perform(get(LIST).with(httpBasic("bob", "bob")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("subscriptionId"));
        mvc.perform(get(LIST).param("subscriptionId", "not-a-guid").param("resourceGroup", "bad/rg")
                        .with(httpBasic("bob", "bob")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[?(@.field == 'subscriptionId')]").exists())
                .andExpect(jsonPath("$.violations[?(@.field == 'resourceGroup')]").exists());
        verify(inspector, never()).list(any(), any());
    }
}
