package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A rollout read carries its version as ETag; the API reads the whole rollout only when the version moved. */
class ConditionalReadTest extends WebTestSupport {

    private static final RolloutPlan PLAN = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"),
            null, null, null, null, false).withDefaults();

    @Test
    void aClientHoldingTheCurrentVersionGets304AndTheRolloutIsNotReadAgain() throws Exception {
        String id = "conditional-1";
        when(store.version(id)).thenReturn(OptionalLong.of(7));
        when(store.find(id)).thenReturn(Optional.of(Fixtures.stored(id, PLAN, RolloutState.RUNNING, "alice", null)));

        mvc.perform(get("/api/v1/rollouts/" + id).with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "W/\"7\""))
                .andExpect(jsonPath("$.id").value(id));
        mvc.perform(get("/api/v1/rollouts/" + id).with(httpBasic("bob", "bob")).header("If-None-Match", "W/\"7\""))
                .andExpect(status().isNotModified())
                .andExpect(header().string("ETag", "W/\"7\""))
                .andExpect(content().string(""));
        mvc.perform(get("/api/v1/rollouts/" + id).with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("RUNNING"));

        verify(store, times(1)).find(id);
    }

    @Test
    void aMovedVersionAnswersInFullWithTheNewTagAndWhatChanged() throws Exception {
        String id = "conditional-2";
        when(store.version(id)).thenReturn(OptionalLong.of(3));
        when(store.find(id)).thenReturn(Optional.of(Fixtures.stored(id, PLAN, RolloutState.RUNNING, "alice", null)));
        mvc.perform(get("/api/v1/rollouts/" + id).with(httpBasic("bob", "bob"))).andExpect(status().isOk());

        when(store.version(id)).thenReturn(OptionalLong.of(4));
        when(store.find(id)).thenReturn(Optional.of(Fixtures.stored(id, PLAN, RolloutState.PAUSED, "alice", null)));

        mvc.perform(get("/api/v1/rollouts/" + id).with(httpBasic("bob", "bob")).header("If-None-Match", "W/\"3\""))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "W/\"4\""))
                .andExpect(jsonPath("$.state").value("PAUSED"));
        verify(store, times(2)).find(id);
    }

    @Test
    void anUnknownRolloutIs404WithoutAnETag() throws Exception {
        when(store.version("conditional-none")).thenReturn(OptionalLong.empty());

        mvc.perform(get("/api/v1/rollouts/conditional-none").with(httpBasic("bob", "bob")).header("If-None-Match", "*"))
                .andExpect(status().isNotFound())
                .andExpect(header().doesNotExist("ETag"));
    }
}
