package dev.vmssrollout.api.problems;

import org.springframework.http.ProblemDetail;

/** The answer to a request Spring Security's firewall refused (an encoded slash, a control character in a header). */
final class RequestRejection {

    private RequestRejection() {
    }

    /** Does not quote the refused value: it is the attacker's text, and the firewall's message names internals. */
    static ProblemDetail problem() {
        return Problems.of(ProblemType.MALFORMED_REQUEST, "the request was refused: its URL, a parameter name or a "
                + "header value holds characters that are not allowed");
    }
}
