package dev.vmssrollout.simulator.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.http.Request;
import dev.vmssrollout.simulator.http.Response;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Resource Manager's check of the bearer token. A JWT must carry the simulated Entra ID's signature, one of
 * Resource Manager's audiences and an expiry still ahead, or the request is refused 401 with the code ARM answers
 * ({@code InvalidAuthenticationToken}, {@code InvalidAuthenticationTokenAudience},
 * {@code ExpiredAuthenticationToken}). Other tokens: exactly the static token when one is configured; otherwise
 * none once clients are registered (tokens must come from the identity platform), and any non-empty one when the
 * simulator has neither (the simple case of tests that do not care about sign-in).
 */
public final class AccessTokenCheck {
    private static final DateTimeFormatter ARM_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US)
        .withZone(ZoneOffset.UTC);

    private final EntraId identity;
    private final String staticToken;
    private final Clock clock;

    public AccessTokenCheck(EntraId identity, String staticToken) {
        this(identity, staticToken, Clock.systemUTC());
    }

    AccessTokenCheck(EntraId identity, String staticToken, Clock clock) {
        this.identity = identity;
        this.staticToken = staticToken;
        this.clock = clock;
    }

    /**
     * @return who is calling, as the token says
     * @throws ArmException 401 when the request may not reach Resource Manager
     */
    public Caller check(Request request) {
        String authorization = request.header("Authorization").orElse("");
        boolean bearer = authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            && !authorization.substring(7).isBlank();
        if (!bearer) {
            throw new ArmException(401, "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing or is not a bearer token.");
        }
        String token = authorization.substring(7).trim();
        if (staticToken != null && staticToken.equals(token)) {
            return Caller.UNNAMED;
        }
        SignedJWT jwt = parse(token);
        if (jwt == null) {
            if (staticToken != null || identity.hasClients()) {
                throw invalid("The access token is invalid.");
            }
            return Caller.UNNAMED;
        }
        JWTClaimsSet claims = verify(jwt);
        return new Caller(claim(claims, "appid"), claim(claims, "oid"));
    }

    private static String claim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value == null ? Caller.UNNAMED.clientId() : value.toString();
    }

    /** Adds the {@code WWW-Authenticate} challenge Resource Manager sends with its 401s. */
    public static Response challenge(Response response, String baseUrl) {
        if (response.status() == 401) {
            response.header("WWW-Authenticate", "Bearer authorization_uri=\"" + baseUrl + "common\", "
                + "error=\"invalid_token\", error_description=\"The authentication failed.\"");
        }
        return response;
    }

    private JWTClaimsSet verify(SignedJWT jwt) {
        JWTClaimsSet claims;
        try {
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                || !jwt.verify(new RSASSAVerifier(identity.signingKey().toRSAPublicKey()))) {
                throw invalid("The access token is invalid: its signature could not be verified.");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (JOSEException | ParseException e) {
            throw invalid("The access token is invalid: " + e.getMessage());
        }
        List<String> audiences = claims.getAudience();
        if (audiences.isEmpty() || !audiences.stream().allMatch(EntraId.ARM_AUDIENCES::contains)) {
            throw new ArmException(401, "InvalidAuthenticationTokenAudience", "The access token has been obtained "
                + "for wrong audience or resource '" + String.join(",", audiences) + "'. It should exactly match "
                + "with one of the allowed audiences " + EntraId.ARM_AUDIENCES.stream()
                    .map(audience -> "'" + audience + "'").collect(Collectors.joining(",")) + ".");
        }
        Instant now = clock.instant();
        Date expiry = claims.getExpirationTime();
        if (expiry == null) {
            throw invalid("The access token is invalid: it has no expiry.");
        }
        if (!expiry.toInstant().isAfter(now)) {
            throw new ArmException(401, "ExpiredAuthenticationToken", "The access token expiry UTC time '"
                + ARM_TIME.format(expiry.toInstant()) + "' is earlier than current UTC time '" + ARM_TIME.format(now)
                + "'.");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now)) {
            throw invalid("The access token is not yet valid: its 'nbf' is '" + ARM_TIME.format(notBefore.toInstant())
                + "'.");
        }
        return claims;
    }

    private static SignedJWT parse(String token) {
        if (token.chars().filter(c -> c == '.').count() != 2) {
            return null;
        }
        try {
            return SignedJWT.parse(token);
        } catch (ParseException e) {
            return null;
        }
    }

    private static ArmException invalid(String message) {
        return new ArmException(401, "InvalidAuthenticationToken", message);
    }
}
