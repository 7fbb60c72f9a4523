package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.schedule.WindowDecision;
import dev.vmssrollout.workflows.WindowActivities;
import dev.vmssrollout.workflows.WindowCheck;

import java.util.ArrayList;
import java.util.List;

/** Window checks answered as the worker answers them for a schedule without a calendar, and recorded. */
final class RecordedWindowChecks implements WindowActivities {

    private final List<WindowCheck> checks = new ArrayList<>();

    @Override
    public synchronized WindowDecision check(WindowCheck request) {
        checks.add(request);
        return WindowDecision.of(request.schedule(), null, request.at(), request.expected());
    }

    synchronized List<WindowCheck> checks() {
        return List.copyOf(checks);
    }
}
