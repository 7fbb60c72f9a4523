package dev.vmssrollout.api.temporal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where Temporal is and how the API talks to it ({@code vmss.temporal.*}; env vars such as
 * {@code VMSS_TEMPORAL_TARGET}, {@code VMSS_TEMPORAL_API_KEY}).
 *
 * @param target             host:port of the Temporal frontend
 * @param apiKey             Temporal Cloud API key; never logged
 * @param tlsCert            client certificate (PEM) for mTLS, with {@code tlsKey} (PKCS#8 PEM)
 * @param uiUrl              base URL of the Temporal UI, for the {@code temporalUi} link of a rollout; none when empty
 * @param searchAttributes   the namespace has RolloutId, ScaleSet and RolloutState registered
 * @param inspectionTimeout  how long a submit or preview waits for the worker to read the scale set
 * @param rpcTimeout         how long one start, signal or update call waits for Temporal
 */
@ConfigurationProperties("vmss.temporal")
public record TemporalProperties(@DefaultValue("localhost:7233") String target,
                                 @DefaultValue("default") String namespace,
                                 String apiKey, Path tlsCert, Path tlsKey, String uiUrl,
                                 @DefaultValue SearchAttributes searchAttributes,
                                 @DefaultValue("30s") Duration inspectionTimeout,
                                 @DefaultValue("10s") Duration rpcTimeout) {

    public record SearchAttributes(@DefaultValue("false") boolean enabled) {
    }

    /** Never the API key: a record's own toString would print it wherever the properties are logged. */
    @Override
    public String toString() {
        return "TemporalProperties[target=" + target + ", namespace=" + namespace + ", apiKey="
                + (apiKey == null ? "none" : "(set)") + ", tlsCert=" + tlsCert + ", tlsKey=" + tlsKey + ", uiUrl=" + uiUrl
                + ", searchAttributes=" + searchAttributes + ", inspectionTimeout=" + inspectionTimeout
                + ", rpcTimeout=" + rpcTimeout + "]";
    }
}
