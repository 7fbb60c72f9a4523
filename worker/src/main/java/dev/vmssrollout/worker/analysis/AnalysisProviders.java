package dev.vmssrollout.worker.analysis;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Prometheus and webhook providers of the worker's environment: {@value #PROVIDERS} lists their names, and each
 * name's settings follow under {@code VMSS_ROLLOUT_ANALYSIS_<NAME>_...} (the name upper-cased, '-' as '_'):
 * {@code _TYPE} ({@code PROMETHEUS} or {@code WEBHOOK}), {@code _URL}, and optionally {@code _TIMEOUT} (ISO-8601,
 * default PT30S), {@code _BEARER_TOKEN} and, for Prometheus, {@code _VM_LABEL} (default {@code vm}). A mistake stops
 * the worker at start with the variable's name (never the URL or token, which may be secrets).
 */
public final class AnalysisProviders {

    public static final String PROVIDERS = "VMSS_ROLLOUT_ANALYSIS_PROVIDERS";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9\\-]{0,62}");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private AnalysisProviders() {
    }

    /** The variable that holds {@code setting} (e.g. {@code URL}) of the provider named {@code name}. */
    public static String variable(String name, String setting) {
        return "VMSS_ROLLOUT_ANALYSIS_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + setting;
    }

    public static List<ProviderSettings> fromEnv(Map<String, String> env) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : env.getOrDefault(PROVIDERS, "").trim().split("[,\\s]+")) {
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(PROVIDERS + ": '" + name + "' is not a provider name (lower-case"
                        + " letters, digits and '-', as plans write it)");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(PROVIDERS + ": '" + name + "' is listed twice");
            }
        }
        List<ProviderSettings> providers = new ArrayList<>();
        for (String name : names) {
            providers.add(one(env, name));
        }
        return providers;
    }

    private static ProviderSettings one(Map<String, String> env, String name) {
        String typeVariable = variable(name, "TYPE");
        String typeValue = required(env, typeVariable);
        ProviderSettings.ProviderType type;
        try {
            type = ProviderSettings.ProviderType.valueOf(typeValue.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(typeVariable + " must be PROMETHEUS or WEBHOOK", e);
        }
        String urlVariable = variable(name, "URL");
        String urlValue = required(env, urlVariable);
        URI url;
        try {
            url = new URI(urlValue);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(urlVariable + " is not an absolute http(s) URL", e);
        }
        if (url.getScheme() == null || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))
                || url.getHost() == null) {
            throw new IllegalArgumentException(urlVariable + " is not an absolute http(s) URL");
        }
        Duration timeout = MetricAnalysis.PROVIDER_TIMEOUT;
        String timeoutVariable = variable(name, "TIMEOUT");
        String timeoutValue = env.get(timeoutVariable);
        if (timeoutValue != null && !timeoutValue.isBlank()) {
            try {
                timeout = Duration.parse(timeoutValue.trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(timeoutVariable + " must be an ISO-8601 duration such as PT10S", e);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(timeoutVariable + " must be longer than zero");
            }
        }
        String token = env.get(variable(name, "BEARER_TOKEN"));
        String labelVariable = variable(name, "VM_LABEL");
        String label = env.getOrDefault(labelVariable, ProviderSettings.DEFAULT_VM_LABEL).trim();
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException(labelVariable + " must be a Prometheus label name, such as vm");
        }
        String caVariable = variable(name, "CA_CERT");
        String caValue = env.get(caVariable);
        java.nio.file.Path ca = null;
        if (caValue != null && !caValue.isBlank()) {
            ca = java.nio.file.Path.of(caValue.trim());
            try {
                ProviderSettings.trusting(ca); // read now: a mistake stops the worker at start, not the first wave
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(caVariable + ": " + e.getMessage(), e);
            }
        }
        return new ProviderSettings(name, type, url, timeout, token == null || token.isBlank() ? null : token.trim(),
                label, ca);
    }

    private static String required(Map<String, String> env, String variable) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(variable + " is required (the provider is listed in " + PROVIDERS + ")");
        }
        return value.trim();
    }
}
