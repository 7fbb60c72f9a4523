package dev.vmssrollout.api.security;

import net.jqwik.api.Example;

/** The hostile corpus in local mode: HTTP Basic users, as the quick start runs. */
class HostileInputTest extends HostileInputSupport {

    @Example
    void aThousandHostileRequestsToEveryEndpointAreRefusedWithoutA5xxALeakOrAWrite() throws Exception {
        sendTheCorpus("local", HostileRequests.basicCredentials());
    }
}
