package dev.vmssrollout.api.calendars;

import dev.vmssrollout.api.calendars.ScheduleSpecs.CalendarSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

@RestController
@RequestMapping(path = "/api/v1/calendars", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "calendars")
class CalendarsController {

    private final Calendars calendars;
    private final CalendarAvailability availability;

    CalendarsController(Calendars calendars, CalendarAvailability availability) {
        this.calendars = calendars;
        this.availability = availability;
    }

    @Operation(summary = "Create or replace a maintenance calendar",
            description = "201 when created, 200 when replaced. Rollouts waiting for it check their window again at once. "
                    + "Needs calendar.manage.")
    @PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CalendarSpec> put(@PathVariable String name, @RequestBody CalendarSpec body, Principal user) {
        Calendars.Put put = calendars.put(name, body, user.getName());
        return ResponseEntity.status(put.created() ? HttpStatus.CREATED : HttpStatus.OK).body(put.calendar());
    }

    @Operation(summary = "List the maintenance calendars, by name")
    @GetMapping
    List<CalendarSpec> list() {
        return calendars.list();
    }

    @Operation(summary = "One maintenance calendar")
    @GetMapping("/{name}")
    CalendarSpec get(@PathVariable String name) {
        return calendars.get(name);
    }

    @Operation(summary = "When a calendar allows changes, day by day",
            description = "Whole local days of the calendar's time zone from `from` (default: today there): the open "
                    + "spans (inside its windows and outside its freezes) and the freezes with their reasons, worked out "
                    + "as rollouts obey them. The dashboard's calendar view draws this.")
    @GetMapping("/{name}/availability")
    CalendarAvailability.AvailabilityView availability(
            @PathVariable String name,
            @Parameter(description = "first local day", example = "2026-12-07") @RequestParam(required = false) String from,
            @Parameter(description = "1 to 31", example = "7") @RequestParam(required = false) Integer days) {
        return availability.of(name, from, days);
    }

    @Operation(summary = "Delete a maintenance calendar", description = "409 while a rollout that has not ended uses it. "
            + "Needs calendar.manage.")
    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name) {
        calendars.delete(name);
        return ResponseEntity.noContent().build();
    }
}
