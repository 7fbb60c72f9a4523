package dev.vmssrollout.model;

import java.util.List;

/** One step of a rollout: the instances upgraded together by one manualupgrade call. */
public record Wave(int index, String label, List<String> instanceIds) {

    public Wave {
        instanceIds = List.copyOf(instanceIds);
    }

    public int size() {
        return instanceIds.size();
    }
}
