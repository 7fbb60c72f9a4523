package dev.vmssrollout.workflows;

import dev.vmssrollout.model.InstanceState;

import java.util.Map;

/** How a wave ended its health wait, and the state of each of its instances at that moment. */
public record WaveHealth(Outcome outcome, Map<String, InstanceState> instances, String detail) {

    public enum Outcome { HEALTHY, UNHEALTHY, TIMED_OUT }
}
