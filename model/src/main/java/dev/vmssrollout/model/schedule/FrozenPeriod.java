package dev.vmssrollout.model.schedule;

/** A freeze of a calendar as the instants it covers, with the reason the calendar gives for it. */
public record FrozenPeriod(Interval interval, String reason) {
}
