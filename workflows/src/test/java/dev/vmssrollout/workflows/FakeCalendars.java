package dev.vmssrollout.workflows;

import dev.vmssrollout.model.schedule.Calendar;
import dev.vmssrollout.model.schedule.WindowDecision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The calendar store in memory, answering window checks as the worker does. */
final class FakeCalendars implements WindowActivities {

    private final Map<String, Calendar> calendars = new ConcurrentHashMap<>();
    private final List<WindowCheck> checks = new ArrayList<>();

    FakeCalendars put(Calendar calendar) {
        calendars.put(calendar.name(), calendar);
        return this;
    }

    synchronized List<WindowCheck> checks() {
        return List.copyOf(checks);
    }

    @Override
    public WindowDecision check(WindowCheck request) {
        synchronized (this) {
            checks.add(request);
        }
        String name = request.schedule().calendar();
        return WindowDecision.of(request.schedule(), name == null ? null : calendars.get(name), request.at(),
                request.expected());
    }
}
