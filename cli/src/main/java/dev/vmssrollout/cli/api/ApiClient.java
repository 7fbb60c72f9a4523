package dev.vmssrollout.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.cli.CliException;
import dev.vmssrollout.cli.ExitCode;
import dev.vmssrollout.cli.config.Settings;
import dev.vmssrollout.cli.config.SettingsResolver;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The REST API v1 over the JDK's HTTP client, HTTP Basic auth sent with every request. Errors
 * become {@link ApiException}s (the API answered) or a {@link CliException} with exit code 3 (it
 * could not be reached).
 */
public final class ApiClient {

    public static final String ROLLOUTS = "/api/v1/rollouts";
    public static final String CALENDARS = "/api/v1/calendars";
    public static final String RELEASES = "/api/v1/releases";
    public static final String SCALE_SETS = "/api/v1/scalesets";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // A submission inspects the scale set in Azure before it answers (up to 30 s on the API's side).
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final Settings settings;
    private final HttpClient http;
    private final String userAgent;

    public ApiClient(Settings settings, String version) {
        this(settings, HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                // Redirects would carry the credentials elsewhere; the API never sends any.
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build(), version);
    }

    ApiClient(Settings settings, HttpClient http, String version) {
        this.settings = settings;
        this.http = http;
        this.userAgent = "vmss-rollout-cli/" + version;
    }

    public static String rollout(String id) {
        return ROLLOUTS + "/" + segment(id);
    }

    public static String release(String id) {
        return RELEASES + "/" + segment(id);
    }

    public static String scaleSet(String subscription, String resourceGroup, String name) {
        return SCALE_SETS + "/" + segment(subscription) + "/" + segment(resourceGroup) + "/" + segment(name);
    }

    /** The scale sets of a subscription, or of one resource group when {@code resourceGroup} is not null. */
    public static String scaleSets(String subscription, String resourceGroup) {
        return SCALE_SETS + "?subscriptionId=" + segment(subscription)
                + (resourceGroup == null ? "" : "&resourceGroup=" + segment(resourceGroup));
    }

    public static String calendar(String name) {
        return CALENDARS + "/" + segment(name);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public ApiResponse get(String pathAndQuery) {
        return send(request(pathAndQuery).GET(), "GET");
    }

    public ApiResponse post(String path, JsonNode body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return send(request, "POST");
    }

    public ApiResponse put(String path, JsonNode body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)), "PUT");
    }

    public ApiResponse delete(String path) {
        return send(request(path).DELETE(), "DELETE");
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", userAgent);
        if (settings.user() != null && settings.password() != null) {
            String token = settings.user() + ":" + settings.password();
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private URI uri(String pathAndQuery) {
        return URI.create(settings.apiUrl().toString() + pathAndQuery);
    }

    private ApiResponse send(HttpRequest.Builder builder, String method) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.SERVER_ERROR, "interrupted while waiting for " + request.uri());
        }
        int status = response.statusCode();
        if (status >= 400) {
            throw new ApiException(status, response.body(),
                    ProblemMessages.describe(status, response.body(), method, request.uri(), settings));
        }
        if (status >= 300) {
            throw new CliException(ExitCode.SERVER_ERROR, request.uri() + " answered " + status + " (a redirect to "
                    + response.headers().firstValue("Location").orElse("nowhere") + "); the CLI does not follow "
                    + "redirects: set the API URL to where it points");
        }
        return new ApiResponse(status, response.body(), response.headers().firstValue("Location").orElse(null),
                request.uri());
    }

    CliException unreachable(IOException e) {
        String reason;
        if (e instanceof HttpConnectTimeoutException) {
            reason = "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            reason = "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof ConnectException && causedBy(e, UnresolvedAddressException.class)) {
            reason = "unknown host " + settings.apiUrl().getHost();
        } else if (e instanceof ConnectException) {
            reason = "connection refused";
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new CliException(ExitCode.UNREACHABLE, "cannot reach the vmss-rollout API at " + settings.apiUrl()
                + " (" + reason + "; " + settings.apiUrlOrigin() + ").\n"
                + "Is the API running there? Set its URL with --api-url URL, " + SettingsResolver.ENV_API_URL
                + " or apiUrl in " + SettingsResolver.DEFAULT_CONFIG + ".", e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
