package dev.vmssrollout.api.calendars;

import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.model.store.CalendarConflictException;
import dev.vmssrollout.model.schedule.Calendar;
import dev.vmssrollout.model.schedule.Freeze;
import dev.vmssrollout.model.schedule.WeeklyWindow;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
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

    @Test
    void availabilityGivesTheOpenSpansAndTheFreezesOfEachLocalDayAsRolloutsObeyThem() throws Exception {
        when(calendars.find("prod")).thenReturn(Optional.of(berlinTuesdayNightsWithAYearEndFreeze()));

        // Monday 14 December to Sunday 20 December in Berlin (UTC+1).
        mvc.perform(get("/api/v1/calendars/prod/availability?from=2026-12-14").with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.timeZone").value("Europe/Berlin"))
                .andExpect(jsonPath("$.from").value("2026-12-13T23:00:00Z"))
                .andExpect(jsonPath("$.to").value("2026-12-20T23:00:00Z"))
                .andExpect(jsonPath("$.days.length()").value(7))
                .andExpect(jsonPath("$.days[1].date").value("2026-12-15"))
                .andExpect(jsonPath("$.open.length()").value(1))
                .andExpect(jsonPath("$.open[0].start").value("2026-12-15T21:00:00Z"))
                .andExpect(jsonPath("$.open[0].end").value("2026-12-16T01:00:00Z"))
                .andExpect(jsonPath("$.freezes.length()").value(1))
                .andExpect(jsonPath("$.freezes[0].start").value("2026-12-17T23:00:00Z"))
                .andExpect(jsonPath("$.freezes[0].end").value("2026-12-20T23:00:00Z"))
                .andExpect(jsonPath("$.freezes[0].reason").value("year end"));
    }

    @Test
    void availabilityDaysAreLocalDaysSoTheNightTheClocksGoBackHas25Hours() throws Exception {
        when(calendars.find("prod")).thenReturn(Optional.of(berlinTuesdayNightsWithAYearEndFreeze()));

        mvc.perform(get("/api/v1/calendars/prod/availability?from=2026-10-24&days=2").with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.days[1].date").value("2026-10-25"))
                .andExpect(jsonPath("$.days[1].start").value("2026-10-24T22:00:00Z"))
                .andExpect(jsonPath("$.days[1].end").value("2026-10-25T23:00:00Z"))
                .andExpect(jsonPath("$.open").isEmpty());
    }

    @Test
    void aBadAvailabilityRangeIsA400NamingEachParameterAndAnUnknownCalendarA404() throws Exception {
        when(calendars.find("prod")).thenReturn(Optional.of(berlinTuesdayNightsWithAYearEndFreeze()));
        when(calendars.find("nope")).thenReturn(Optional.empty());

        mvc.perform(get("/api/v1/calendars/prod/availability?from=2026-13-01&days=40").with(httpBasic("bob", "bob")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[*].field", org.hamcrest.Matchers.containsInAnyOrder("from", "days")));
        mvc.perform(get("/api/v1/calendars/prod/availability?days=a-week").with(httpBasic("bob", "bob")))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/calendars/nope/availability").with(httpBasic("bob", "bob")))
                .andExpect(status().isNotFound());
    }

    private static Calendar berlinTuesdayNightsWithAYearEndFreeze() {
        return new Calendar("prod", "Europe/Berlin", List.of(WeeklyWindow.on(DayOfWeek.TUESDAY, "22:00", "02:00")),
                List.of(new Freeze(LocalDateTime.parse("2026-12-18T00:00"), LocalDateTime.parse("2027-01-04T00:00"), "year end")));
    }
}
