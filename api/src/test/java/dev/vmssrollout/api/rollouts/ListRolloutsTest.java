package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutPage;
import dev.vmssrollout.model.store.RolloutQuery;
import dev.vmssrollout.model.store.RolloutSummary;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ListRolloutsTest extends WebTestSupport {

    @Test
    void filtersReachTheStoreAndTheNextLinkKeepsThem() throws Exception {
        RolloutQuery query = new RolloutQuery(RolloutState.RUNNING, null, "demo-rg", "web", 1, 0);
        RolloutSummary one = new RolloutSummary("r2", Fixtures.WEB, RolloutState.RUNNING, null, "version 24.04.202410010",
                "alice", 2, 5, 8, 20, null, Fixtures.AT, Fixtures.AT);
        when(store.list(query)).thenReturn(new RolloutPage(List.of(one), 3, 1, 0));

        mvc.perform(get("/api/v1/rollouts").with(httpBasic("bob", "bob"))
                        .param("state", "RUNNING").param("resourceGroup", "demo-rg").param("scaleSet", "web")
                        .param("limit", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("r2"))
                .andExpect(jsonPath("$.items[0].target.scaleSet").value("web"))
                .andExpect(jsonPath("$.items[0].wavesCompleted").value(2))
                .andExpect(jsonPath("$.items[0].links.self").value("/api/v1/rollouts/r2"))
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.links.next")
                        .value("/api/v1/rollouts?state=RUNNING&resourceGroup=demo-rg&scaleSet=web&limit=1&offset=1"));
        verify(store).list(query);
    }

    @Test
    void lastPageHasNoNextLink() throws Exception {
        when(store.list(RolloutQuery.all())).thenReturn(new RolloutPage(List.of(), 0, 50, 0));

        mvc.perform(get("/api/v1/rollouts").with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.links.next").doesNotExist());
    }
}
