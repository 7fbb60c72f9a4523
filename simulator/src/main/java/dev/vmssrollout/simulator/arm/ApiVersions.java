package dev.vmssrollout.simulator.arm;

import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.http.Request;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Resource Manager's {@code api-version} check: every request names one (400 {@code MissingApiVersionParameter}),
 * in the date form (400 {@code InvalidApiVersionParameter}), and one Microsoft.Compute serves for scale sets
 * (400 {@code NoRegisteredProviderFound}, as ARM answers a well-formed version the provider does not have).
 */
final class ApiVersions {
    /**
     * Microsoft.Compute's stable versions from the Compute REST specifications (azure-rest-api-specs,
     * specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable), and 2026-04-01, the default of the
     * pinned azure-mgmt-compute 39.0.0.
     */
    static final List<String> COMPUTE = List.of("2015-06-15", "2016-03-30", "2016-04-30-preview", "2017-03-30",
        "2017-12-01", "2018-04-01", "2018-06-01", "2018-10-01", "2019-03-01", "2019-07-01", "2019-12-01",
        "2020-06-01", "2020-12-01", "2021-03-01", "2021-04-01", "2021-07-01", "2021-11-01", "2022-03-01",
        "2022-08-01", "2022-11-01", "2023-03-01", "2023-07-01", "2023-09-01", "2024-03-01", "2024-07-01",
        "2024-11-01", "2025-04-01", "2026-04-01");
    private static final Pattern FORM = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-[A-Za-z]+)?");

    private ApiVersions() {
    }

    static void check(Request request) {
        String version = request.queryParameter("api-version").orElse("");
        if (version.isBlank()) {
            throw new ArmException(400, "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.");
        }
        if (!FORM.matcher(version).matches()) {
            throw new ArmException(400, "InvalidApiVersionParameter", "The api-version '" + version
                + "' is invalid. The supported versions are '" + String.join(",", COMPUTE) + "'.");
        }
        if (!COMPUTE.contains(version)) {
            throw new ArmException(400, "NoRegisteredProviderFound", "No registered resource provider found for "
                + "API version '" + version + "' and type 'virtualMachineScaleSets'. The supported api-versions are '"
                + String.join(", ", COMPUTE) + "'.");
        }
    }
}
