package dev.vmssrollout.simulator.identity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vmssrollout.simulator.http.Handler;
import dev.vmssrollout.simulator.http.Request;
import dev.vmssrollout.simulator.http.Response;
import dev.vmssrollout.simulator.json.Json;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A minimal Microsoft identity platform: the OpenID Connect metadata, the signing keys, the instance discovery
 * document MSAL asks for, and the OAuth 2.0 client-credentials grant at {@code /{tenant}/oauth2/v2.0/token}, issuing
 * RS256-signed access tokens for Azure Resource Manager to the {@link ClientRegistration}s it knows.
 */
public final class EntraId implements Handler {
    /** The audiences Resource Manager accepts, as its 401 {@code InvalidAuthenticationTokenAudience} lists them. */
    public static final List<String> ARM_AUDIENCES = List.of("https://management.core.windows.net/",
        "https://management.core.windows.net", "https://management.azure.com/", "https://management.azure.com");
    private static final Set<String> PROTOCOL_SEGMENTS = Set.of("oauth2", "v2.0", "discovery", ".well-known");
    private static final String DEFAULT_SCOPE_SUFFIX = "/.default";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access", "email");

    private final SigningKey signingKey;
    private final Map<String, ClientRegistration> clients = new LinkedHashMap<>();
    private final Duration tokenLifetime;
    private final Clock clock;

    EntraId(SigningKey signingKey, List<ClientRegistration> clients, Duration tokenLifetime, Clock clock) {
        this.signingKey = signingKey;
        clients.forEach(client -> this.clients.put(client.clientId(), client));
        this.tokenLifetime = tokenLifetime;
        this.clock = clock;
    }

    /** The identity platform of a simulator whose signing key lives in {@code directory}. */
    public static EntraId in(Path directory, List<ClientRegistration> clients, Duration tokenLifetime) {
        return new EntraId(new SigningKey(directory), clients, tokenLifetime, Clock.systemUTC());
    }

    /** {@code /{tenant}/oauth2/...}, {@code /{tenant}/v2.0/...}, {@code /{tenant}/discovery/...}, {@code /{tenant}/.well-known/...}. */
    public static boolean handles(Request request) {
        List<String> segments = request.segments();
        return segments.size() >= 2 && !segments.get(0).equalsIgnoreCase("subscriptions")
            && !segments.get(0).equalsIgnoreCase("providers") && !segments.get(0).equalsIgnoreCase("simulator")
            && PROTOCOL_SEGMENTS.contains(segments.get(1).toLowerCase(Locale.ROOT));
    }

    /** Whether any client may sign in; if so, Resource Manager accepts only tokens (or the static one). */
    public boolean hasClients() {
        return !clients.isEmpty();
    }

    public RSAKey signingKey() {
        return signingKey.get();
    }

    @Override
    public Response handle(Request request) {
        Response response = route(request);
        // Entra echoes the client's request id, which MSAL checks.
        request.header("client-request-id").ifPresent(id -> response.header("client-request-id", id));
        return response;
    }

    private Response route(Request request) {
        String tenant = request.segments().get(0);
        String rest = String.join("/", request.segments().subList(1, request.segments().size()))
            .toLowerCase(Locale.ROOT);
        String method = request.method().toUpperCase(Locale.ROOT);
        return switch (method + " " + rest) {
            case "POST oauth2/v2.0/token" -> token(request, tenant);
            case "GET v2.0/.well-known/openid-configuration", "GET .well-known/openid-configuration" ->
                knownTenant(tenant) ? Response.json(200, openIdConfiguration(request.baseUrl(), tenant))
                    : unknownTenant(tenant);
            case "GET discovery/v2.0/keys", "GET discovery/keys" ->
                Response.json(200, Json.MAPPER.valueToTree(new JWKSet(signingKey.get().toPublicJWK()).toJSONObject()));
            case "GET discovery/instance" -> Response.json(200, instanceDiscovery(request));
            default -> oauthError(404, "invalid_request", 900561, "The endpoint " + method + " /"
                + String.join("/", request.segments()) + " is not served by the simulated identity platform.");
        };
    }

    /**
     * A signed access token for {@code audience}, as the token endpoint would issue it to {@code client} at
     * {@code issuedAt}, valid for {@code lifetime}: for tests of how Resource Manager checks tokens.
     */
    public String issue(ClientRegistration client, String audience, Instant issuedAt, Duration lifetime,
                        String baseUrl) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
            .issuer(issuer(baseUrl, client.tenantId()))
            .audience(audience)
            .subject(objectId(client))
            .issueTime(Date.from(issuedAt))
            .notBeforeTime(Date.from(issuedAt))
            .expirationTime(Date.from(issuedAt.plus(lifetime)))
            .claim("tid", client.tenantId())
            .claim("oid", objectId(client))
            .claim("azp", client.clientId())
            .claim("appid", client.clientId())
            .claim("idtyp", "app")
            .claim("ver", "2.0")
            .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
            .keyID(signingKey().getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(signingKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The client-credentials grant, with the AADSTS errors Entra answers to what it refuses. */
    private Response token(Request request, String tenant) {
        Map<String, String> form = form(request);
        Optional<String[]> basic = basicCredentials(request);
        String clientId = basic.map(pair -> pair[0]).orElse(form.get("client_id"));
        String secret = basic.map(pair -> pair[1]).orElse(form.get("client_secret"));
        String grant = form.getOrDefault("grant_type", "");
        if (!knownTenant(tenant)) {
            return unknownTenant(tenant);
        }
        if (!grant.equals("client_credentials")) {
            return oauthError(400, "unsupported_grant_type", 70003,
                "The app requested an unsupported grant type '" + grant + "'.");
        }
        ClientRegistration client = clientId == null ? null : clients.get(clientId);
        if (client == null || !client.tenantId().equalsIgnoreCase(tenant)) {
            return oauthError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                + "' was not found in the directory '" + tenant + "'.");
        }
        if (secret == null || !secret.equals(client.clientSecret())) {
            return oauthError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret "
                + "being sent in the request is the client secret value, not the client secret ID, for a secret "
                + "added to app '" + clientId + "'.");
        }
        // MSAL adds the OpenID Connect scopes to every request; Entra ignores them in the client-credentials grant.
        List<String> resources = Arrays.stream(form.getOrDefault("scope", "").trim().split("\\s+"))
            .filter(value -> !value.isEmpty() && !OIDC_SCOPES.contains(value)).toList();
        String scope = String.join(" ", resources);
        if (resources.size() != 1 || !scope.endsWith(DEFAULT_SCOPE_SUFFIX)) {
            return oauthError(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not "
                + "valid. Client credential flows must have a scope value with /.default suffixed to the resource "
                + "identifier (application ID URI).");
        }
        // "https://management.azure.com/.default" names the resource "https://management.azure.com/", and the
        // famous "https://management.core.windows.net//.default" the one with a single trailing slash.
        String resource = scope.substring(0, scope.length() - ".default".length()).replaceAll("//$", "/");
        if (!ARM_AUDIENCES.contains(resource)) {
            return oauthError(400, "invalid_resource", 500011, "The resource principal named " + resource
                + " was not found in the tenant named " + tenant + ". The simulated identity platform issues "
                + "tokens for Azure Resource Manager only.");
        }
        String token = issue(client, resource, clock.instant(), tokenLifetime, request.baseUrl());
        long seconds = tokenLifetime.toSeconds();
        return Response.json(200, Json.object().put("token_type", "Bearer").put("expires_in", seconds)
                .put("ext_expires_in", seconds).put("access_token", token))
            .header("Cache-Control", "no-store, no-cache");
    }

    private boolean knownTenant(String tenant) {
        return clients.values().stream().anyMatch(client -> client.tenantId().equalsIgnoreCase(tenant));
    }

    private ObjectNode openIdConfiguration(String baseUrl, String tenant) {
        String authority = baseUrl + tenant;
        ObjectNode metadata = Json.object()
            .put("issuer", issuer(baseUrl, tenant))
            .put("authorization_endpoint", authority + "/oauth2/v2.0/authorize")
            .put("token_endpoint", authority + "/oauth2/v2.0/token")
            .put("jwks_uri", authority + "/discovery/v2.0/keys")
            .put("tenant_region_scope", (String) null)
            .put("cloud_instance_name", "microsoftonline.com");
        metadata.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("client_secret_basic");
        metadata.putArray("id_token_signing_alg_values_supported").add("RS256");
        metadata.putArray("response_types_supported").add("code").add("id_token").add("token");
        metadata.putArray("subject_types_supported").add("pairwise");
        metadata.putArray("scopes_supported").add("openid").add("profile").add("email").add("offline_access");
        return metadata;
    }

    /** What MSAL's instance discovery expects: this host is its own only alias. */
    private static ObjectNode instanceDiscovery(Request request) {
        String host = request.baseUrl().replaceFirst("^https://", "").replaceAll("/+$", "");
        ObjectNode body = Json.object()
            .put("tenant_discovery_endpoint", request.baseUrl() + "common/v2.0/.well-known/openid-configuration")
            .put("api-version", "1.1");
        ObjectNode entry = body.putArray("metadata").addObject()
            .put("preferred_network", host).put("preferred_cache", host);
        entry.putArray("aliases").add(host);
        return body;
    }

    private Response unknownTenant(String tenant) {
        return oauthError(400, "invalid_tenant", 90002, "Tenant '" + tenant + "' not found. Check to make sure you "
            + "have the correct tenant ID and are signing into the correct cloud.");
    }

    /** Entra's OAuth error body: {@code error}, {@code error_description} starting with the AADSTS code. */
    private Response oauthError(int status, String error, int code, String description) {
        String traceId = UUID.randomUUID().toString();
        ObjectNode body = Json.object()
            .put("error", error)
            .put("error_description", "AADSTS" + code + ": " + description + "\r\nTrace ID: " + traceId
                + "\r\nTimestamp: " + clock.instant())
            .put("timestamp", clock.instant().toString())
            .put("trace_id", traceId)
            .put("correlation_id", UUID.randomUUID().toString())
            .put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        ArrayNode codes = body.putArray("error_codes");
        codes.add(code);
        return Response.json(status, body);
    }

    static String issuer(String baseUrl, String tenant) {
        return baseUrl + tenant + "/v2.0";
    }

    /** The service principal's object id: stable for a client, as Entra's is. */
    private static String objectId(ClientRegistration client) {
        return UUID.nameUUIDFromBytes((client.tenantId() + "/" + client.clientId()).getBytes(StandardCharsets.UTF_8))
            .toString();
    }

    private static Map<String, String> form(Request request) {
        Map<String, String> form = new LinkedHashMap<>();
        String body = new String(request.body(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }

    private static Optional<String[]> basicCredentials(Request request) {
        return request.header("Authorization")
            .filter(value -> value.regionMatches(true, 0, "Basic ", 0, 6))
            .map(value -> new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8))
            .filter(pair -> pair.contains(":"))
            .map(pair -> new String[] {
                URLDecoder.decode(pair.substring(0, pair.indexOf(':')), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(pair.indexOf(':') + 1), StandardCharsets.UTF_8)});
    }
}
