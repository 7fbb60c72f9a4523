package dev.vmssrollout.api.calendars;

import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.model.store.CalendarConflictException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.util.List;
import java.util.Optional;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class CalendarsControllerTest extends WebTestSupport {

    private static final String TUESDAY_NIGHT = """
            {"timeZone": "Europe/Berlin", "windows": [{"days": ["TUESDAY"], "start": "22:00", "end": "02:00"}],
             "freezes": [{"start": "2026-12-18T00:00", "end": "2027-01-04T00:00", "reason": "year end"}]}""";

    @Test
    void aPutCalendarIsStoredAndTheRolloutsUsingItAreWoken() throws Exception {
        when(calendars.put(any(), eq("alice"))).thenReturn(true);
        when(calendars.activeRolloutsUsing("prod")).thenReturn(List.of("r-1", "r-2"));

        mvc.perform(put("/api/v1/calendars/prod").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content(TUESDAY_NIGHT))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("prod"))
                .andExpect(jsonPath("$.windows[0].end").value("02:00"))
                .andExpect(jsonPath("$.freezes[0].reason").value("year end"));

        verify(workflows).calendarChanged("r-1");
        verify(workflows).calendarChanged("r-2");
    }

    @Test
    void aBadCalendarIsA400NamingEveryFieldAndNothingIsStored() throws Exception {
        mvc.perform(put("/api/v1/calendars/prod").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"timeZone": "Europe/Berlun", "windows": [{"days": ["TUESDAY", "FUNDAY"], "start": "25:00", "end": "02:00"}],
                                 "freezes": [{"start": "2026-12-18T00:00", "end": "2026-12-17T00:00", "reason": ""}]}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:vmss-rollout:problem:invalid-request"))
                .andExpect(jsonPath("$.violations[*].field", org.hamcrest.Matchers.containsInAnyOrder(
                        "windows[0].days", "windows[0].start", "timeZone", "windows[0].start", "freezes[0].end",
                        "freezes[0].reason")));

        verify(calendars, never()).put(any(), any());
    }

    @Test
    void deletingACalendarInUseIsA409() throws Exception {
        when(calendars.delete("prod")).thenThrow(new CalendarConflictException(
                "calendar 'prod' is used by rollouts that have not ended: r-1; wait for them to end or cancel them first"));

        mvc.perform(delete("/api/v1/calendars/prod").with(httpBasic("alice", "alice")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("r-1")));
    }

    @Test
    void anUnknownCalendarIsA404() throws Exception {
        when(calendars.find("nope")).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/calendars/nope").with(httpBasic("bob", "bob"))).andExpect(status().isNotFound());
    }

    @Test
    void aRolloutNamingACalendarThatDoesNotExistIsRefusedBeforeAnythingIsStored() throws Exception {
        when(calendars.find("gone")).thenReturn(Optional.empty());

        mvc.perform(post("/api/v1/rollouts").with(httpBasic("alice", "alice")).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"target": {"subscriptionId": "00000000-0000-0000-0000-000000000000", "resourceGroup": "demo-rg",
                                 "scaleSet": "web"}, "image": {"version": "24.04.202410010"}, "schedule": {"calendar": "gone"}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("schedule.calendar"));

        verify(store, never()).create(any());
    }

    @Test
    void aScheduleWithABadZoneAndNotBeforeIsA400() throws Exception {
        mvc.perform(post("/api/v1/rollouts").with(httpBasic("alice", "alice")).contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"target": {"subscriptionId": "00000000-0000-0000-0000-000000000000", "resourceGroup": "demo-rg",
                                 "scaleSet": "web"}, "image": {"version": "24.04.202410010"},
                                 "schedule": {"notBefore": "tonight", "timeZone": "Mars/Olympus",
                                              "windows": [{"days": ["TUESDAY"], "start": "22:00", "end": "02:00"}]}}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[*].field", org.hamcrest.Matchers.containsInAnyOrder(
                        "schedule.timeZone", "schedule.notBefore")));

        verify(store, never()).create(any());
    }

    @Test
    void anonymousCallersMayNotChangeCalendars() throws Exception {
        mvc.perform(put("/api/v1/calendars/prod").contentType(MediaType.APPLICATION_JSON).content(TUESDAY_NIGHT))
                .andExpect(status().isUnauthorized());
        verify(calendars, never()).put(any(), any());
    }
}
