package dev.vmssrollout.model.schedule;

import java.time.LocalDateTime;

/**
 * No change at all from {@code start} until {@code end}, both local times in the calendar's time
 * zone (a year-end freeze is "until 2 January 00:00" wherever the team is).
 */
public record Freeze(LocalDateTime start, LocalDateTime end, String reason) {
}
