package dev.vmssrollout.worker.azure;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the worker reaches Azure Resource Manager.
 *
 * @param cloud              AzureCloud, AzureUSGovernment or AzureChinaCloud; ignored when {@code endpoint} is set
 * @param endpoint           an ARM-compatible endpoint that replaces the cloud's (the simulator), or null
 * @param staticToken        a bearer token to send instead of asking DefaultAzureCredential (the simulator), or null
 * @param trustedCertificate a PEM certificate to trust instead of the JDK's CAs (the simulator's), or null
 * @param maxRetryAfter      the longest a throttled request waits before retrying, whatever Retry-After says
 * @param healthPollInterval the shortest time between two VM-list calls of one health wait
 * @param paceBeforeThrottling space requests out when Compute's remaining-budget header runs low
 * @param healthReadBudget   the high-cost reads the health polls of one subscription may spend (a VM list costs one per page)
 * @param upgradeBudget      the instances the manualupgrade requests of one subscription may name
 * @param modelReadBudget    the low-cost reads (a model, its latest rolling upgrade) of one subscription
 */
public record AzureSettings(String cloud, String endpoint, String staticToken, Path trustedCertificate,
                            Duration maxRetryAfter, Duration healthPollInterval, boolean paceBeforeThrottling,
                            RequestBudget healthReadBudget, RequestBudget upgradeBudget,
                            RequestBudget modelReadBudget) {

    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HEALTH_POLL_INTERVAL = Duration.ofSeconds(5);

    /** Real Azure, public cloud, credentials from the environment, managed identity or the Azure CLI. */
    public static AzureSettings azurePublicCloud() {
        return new AzureSettings("AzureCloud", null, null, null, DEFAULT_MAX_RETRY_AFTER, DEFAULT_HEALTH_POLL_INTERVAL, true,
                RequestBudget.AZURE_DEFAULT, RequestBudget.AZURE_UPGRADE_DEFAULT, RequestBudget.AZURE_MODEL_READ_DEFAULT);
    }

    /**
     * The simulator at {@code endpoint}, trusting its self-signed certificate. Its budgets are generous unless a test
     * sets them, so the health polls, upgrades and model reads have no budget of their own unless
     * {@link #withHealthReadBudget}, {@link #withUpgradeBudget} and {@link #withModelReadBudget} set one.
     */
    public static AzureSettings simulator(String endpoint, Path certificate, Duration healthPollInterval) {
        return new AzureSettings("AzureCloud", endpoint, "simulator-token", certificate,
                DEFAULT_MAX_RETRY_AFTER, healthPollInterval, true, RequestBudget.UNLIMITED, RequestBudget.UNLIMITED,
                RequestBudget.UNLIMITED);
    }

    /**
     * Sign in through DefaultAzureCredential (the {@code AZURE_*} settings: a service principal's client secret at
     * {@code AZURE_AUTHORITY_HOST}, the simulator's Entra ID for one) instead of sending the static token.
     */
    public AzureSettings withSignIn() {
        return new AzureSettings(cloud, endpoint, null, trustedCertificate, maxRetryAfter, healthPollInterval,
                paceBeforeThrottling, healthReadBudget, upgradeBudget, modelReadBudget);
    }

    public AzureSettings withMaxRetryAfter(Duration max) {
        return new AzureSettings(cloud, endpoint, staticToken, trustedCertificate, max, healthPollInterval,
                paceBeforeThrottling, healthReadBudget, upgradeBudget, modelReadBudget);
    }

    public AzureSettings withoutPacing() {
        return new AzureSettings(cloud, endpoint, staticToken, trustedCertificate, maxRetryAfter, healthPollInterval,
                false, healthReadBudget, upgradeBudget, modelReadBudget);
    }

    public AzureSettings withHealthPollInterval(Duration interval) {
        return new AzureSettings(cloud, endpoint, staticToken, trustedCertificate, maxRetryAfter, interval,
                paceBeforeThrottling, healthReadBudget, upgradeBudget, modelReadBudget);
    }

    public AzureSettings withHealthReadBudget(RequestBudget budget) {
        return new AzureSettings(cloud, endpoint, staticToken, trustedCertificate, maxRetryAfter, healthPollInterval,
                paceBeforeThrottling, budget, upgradeBudget, modelReadBudget);
    }

    public AzureSettings withUpgradeBudget(RequestBudget budget) {
        return new AzureSettings(cloud, endpoint, staticToken, trustedCertificate, maxRetryAfter, healthPollInterval,
                paceBeforeThrottling, healthReadBudget, budget, modelReadBudget);
    }

    public AzureSettings withModelReadBudget(RequestBudget budget) {
        return new AzureSettings(cloud, endpoint, staticToken, trustedCertificate, maxRetryAfter, healthPollInterval,
                paceBeforeThrottling, healthReadBudget, upgradeBudget, budget);
    }

    /** Never the bearer token: a record's own toString would print it wherever the settings are logged. */
    @Override
    public String toString() {
        return "AzureSettings[cloud=" + cloud + ", endpoint=" + endpoint + ", staticToken="
                + (staticToken == null ? "none" : "(set)") + ", trustedCertificate=" + trustedCertificate
                + ", maxRetryAfter=" + maxRetryAfter + ", healthPollInterval=" + healthPollInterval
                + ", paceBeforeThrottling=" + paceBeforeThrottling + ", healthReadBudget=" + healthReadBudget
                + ", upgradeBudget=" + upgradeBudget + ", modelReadBudget=" + modelReadBudget + "]";
    }
}
