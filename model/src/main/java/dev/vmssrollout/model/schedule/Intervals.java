package dev.vmssrollout.model.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Set operations on lists of intervals; every result is sorted, disjoint and without empty intervals. */
final class Intervals {

    private Intervals() {
    }

    /** Sorts and merges overlapping or touching intervals (a Monday 22-24 and a Tuesday 0-2 window are one night). */
    static List<Interval> union(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals.stream().filter(i -> !i.isEmpty()).toList());
        sorted.sort(Comparator.comparing(Interval::start));
        List<Interval> merged = new ArrayList<>();
        for (Interval next : sorted) {
            Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !next.start().isAfter(last.end())) {
                merged.set(merged.size() - 1, new Interval(last.start(), max(last.end(), next.end())));
            } else {
                merged.add(next);
            }
        }
        return merged;
    }

    /** Both arguments sorted and disjoint. */
    static List<Interval> intersect(List<Interval> a, List<Interval> b) {
        List<Interval> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            Interval x = a.get(i);
            Interval y = b.get(j);
            Interval both = new Interval(max(x.start(), y.start()), min(x.end(), y.end()));
            if (!both.isEmpty()) {
                out.add(both);
            }
            if (x.end().isBefore(y.end())) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }

    /** {@code a} without {@code b}; both sorted and disjoint. */
    static List<Interval> subtract(List<Interval> a, List<Interval> b) {
        List<Interval> out = new ArrayList<>();
        for (Interval x : a) {
            Instant from = x.start();
            for (Interval cut : b) {
                if (!cut.end().isAfter(from) || !cut.start().isBefore(x.end())) {
                    continue;
                }
                if (cut.start().isAfter(from)) {
                    out.add(new Interval(from, cut.start()));
                }
                from = max(from, cut.end());
            }
            if (from.isBefore(x.end())) {
                out.add(new Interval(from, x.end()));
            }
        }
        return out;
    }

    static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
