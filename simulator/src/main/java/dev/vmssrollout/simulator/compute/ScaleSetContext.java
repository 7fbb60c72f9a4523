package dev.vmssrollout.simulator.compute;

/** What every scale set shares: the clock, the async operations and the hook that schedules a snapshot. */
public record ScaleSetContext(Timers timers, OperationRegistry operations, Runnable onChange) {
}
