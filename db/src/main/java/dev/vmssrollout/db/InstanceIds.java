package dev.vmssrollout.db;

import java.util.Comparator;

/**
 * Orders instance IDs as numbers ("9" before "10"). Unlike the planner's comparator it does not
 * throw on a name that is not a number (flexible-orchestration VMs have names): those come last.
 */
final class InstanceIds {

    static final Comparator<String> ORDER = InstanceIds::compare;

    private InstanceIds() {
    }

    private static int compare(String a, String b) {
        boolean aNumber = isNumber(a);
        boolean bNumber = isNumber(b);
        if (aNumber != bNumber) {
            return aNumber ? -1 : 1;
        }
        if (aNumber) {
            String x = stripLeadingZeros(a);
            String y = stripLeadingZeros(b);
            int byMagnitude = x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
            if (byMagnitude != 0) {
                return byMagnitude;
            }
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }
}
