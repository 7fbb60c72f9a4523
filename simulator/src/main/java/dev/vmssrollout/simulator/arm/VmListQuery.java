package dev.vmssrollout.simulator.arm;

import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.http.Request;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query of a VM list: {@code $expand=instanceView} (or {@code $select=instanceView}), the one {@code $filter}
 * the simulator understands ({@code properties/latestModelApplied eq true|false}) and the page offset that
 * {@code $skiptoken} carries.
 *
 * @param latestModelApplied the filter value, or {@code null} for no filter
 */
record VmListQuery(boolean withInstanceView, Boolean latestModelApplied, int skip) {
    private static final Pattern LATEST_MODEL_FILTER =
        Pattern.compile("\\s*properties/latestModelApplied\\s+eq\\s+(true|false)\\s*", Pattern.CASE_INSENSITIVE);

    static VmListQuery of(Request request) {
        boolean instanceView = request.queryParameter("$expand").map(VmListQuery::mentionsInstanceView).orElse(false)
            || request.queryParameter("$select").map(VmListQuery::mentionsInstanceView).orElse(false);
        Boolean latest = request.queryParameter("$filter").filter(filter -> !filter.isBlank())
            .map(VmListQuery::parseFilter).orElse(null);
        int skip = request.queryParameter("$skiptoken").map(VmListQuery::parseSkip).orElse(0);
        return new VmListQuery(instanceView, latest, skip);
    }

    private static boolean mentionsInstanceView(String value) {
        return value.toLowerCase(Locale.ROOT).contains("instanceview");
    }

    private static Boolean parseFilter(String filter) {
        Matcher matcher = LATEST_MODEL_FILTER.matcher(filter);
        if (!matcher.matches()) {
            throw ArmException.invalidParameter("The simulator supports only the $filter "
                + "'properties/latestModelApplied eq true|false', not '" + filter + "'.");
        }
        return Boolean.parseBoolean(matcher.group(1).toLowerCase(Locale.ROOT));
    }

    private static int parseSkip(String token) {
        try {
            return Math.max(0, Integer.parseInt(token));
        } catch (NumberFormatException e) {
            throw ArmException.invalidParameter("Invalid $skiptoken '" + token + "'.");
        }
    }
}
