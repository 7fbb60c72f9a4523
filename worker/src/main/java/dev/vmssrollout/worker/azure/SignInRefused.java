package dev.vmssrollout.worker.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;

/**
 * A sign-in the identity platform refused (a wrong secret, an unknown client or tenant). azure-core's retry policy
 * retries an exception when it or any of its causes looks retryable, and MSAL's exception under azure-identity's
 * does; so the refusal travels without a cause (the original is attached as suppressed, its message kept) and
 * {@link CappedRetryStrategy} does not repeat it: asking again with the same secret cannot succeed, and azure-identity
 * has already retried the token request where retrying helps.
 */
final class SignInRefused extends ClientAuthenticationException {

    private SignInRefused(ClientAuthenticationException refused) {
        super(refused.getMessage(), refused.getResponse());
        addSuppressed(refused);
    }

    static TokenCredential refusalsNotRetried(TokenCredential credential) {
        return request -> credential.getToken(request)
                .onErrorMap(ClientAuthenticationException.class, SignInRefused::new);
    }
}
