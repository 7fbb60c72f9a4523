package dev.vmssrollout.api.security;

import net.jqwik.api.Example;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The hostile corpus in JWT mode, as production runs: bearer tokens from a trusted issuer, and forged ones. */
class HostileJwtInputTest extends HostileInputSupport {

    private static final TestIssuer ISSUER = new TestIssuer();
    private static final TestIssuer STRANGER = new TestIssuer();

    @DynamicPropertySource
    static void jwtMode(DynamicPropertyRegistry registry) {
        ISSUER.trustedBy(registry);
    }

    @Override
    protected RequestPostProcessor as(String user) {
        return request -> {
            request.addHeader("Authorization", "Bearer " + ISSUER.token(user, Roles.ALL));
            return request;
        };
    }

    @Example
    void aThousandHostileRequestsWithBearerTokensToEveryEndpointAreRefusedWithoutA5xxALeakOrAWrite() throws Exception {
        sendTheCorpus("jwt", HostileRequests.bearerCredentials(ISSUER, STRANGER));
    }
}
