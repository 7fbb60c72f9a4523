package dev.vmssrollout.cli.config;

import java.net.URI;

/**
 * Where the API is and who calls it, each value resolved flag > environment > config file > default.
 *
 * @param apiUrlSource where {@code apiUrl} came from, for error messages ("--api-url", "VMSS_ROLLOUT_API_URL", ...)
 * @param password     null when none was given and nobody could be asked
 * @param passwordSource where the password came from ("--password-file", "VMSS_ROLLOUT_PASSWORD", ...); null without one
 * @param subscription the default subscription for plans built from flags; null when none is configured
 */
public record Settings(URI apiUrl, String apiUrlSource, String user, String password, String passwordSource,
                       String subscription) {

    /** Says where the API URL came from, for error messages about it. */
    public String apiUrlOrigin() {
        return SettingsResolver.DEFAULT_SOURCE.equals(apiUrlSource) ? "the API URL is the default"
                : "the API URL comes from " + apiUrlSource;
    }

    @Override
    public String toString() {
        // Never print the password, not even by accident in a debug line.
        return "Settings[apiUrl=" + apiUrl + " (" + apiUrlSource + "), user=" + user
                + ", password=" + (password == null ? "none" : "***") + ", subscription=" + subscription + "]";
    }
}
