package dev.vmssrollout.api.security;

import java.net.InetAddress;
import java.util.List;

/**
 * Local users are a choice nobody makes by accident: none are packaged, and the demo users (alice/alice, bob/bob of
 * the profile {@code demo}) are for a laptop. Anyone who can reach the API can sign in with them,
 * so the API refuses to start with such users when it listens beyond loopback ({@code server.address} unset or
 * not a loopback address), unless {@code vmss.security.demo-users-on-network=true} says that is intended (e.g. a
 * container whose port is published on the host's loopback only).
 */
final class DemoUsers {

    static final String OVERRIDE = "vmss.security.demo-users-on-network";

    /** The Spring profile whose application-demo.yaml holds alice and bob. */
    static final String PROFILE = "demo";

    private DemoUsers() {
    }

    static void requireChosen(SecurityProperties properties) {
        if (!properties.users().isEmpty()) {
            return;
        }
        throw new IllegalStateException("refusing to start: vmss.security.mode=local and no local users are set. Set "
                + "your own (VMSS_SECURITY_USERS_0_NAME, VMSS_SECURITY_USERS_0_PASSWORD with a {bcrypt} hash, "
                + "VMSS_SECURITY_USERS_0_ROLES), use vmss.security.mode=jwt, or, on a laptop, the demo users alice and "
                + "bob (SPRING_PROFILES_ACTIVE=" + PROFILE + ")");
    }

    static void refuseOnNetwork(SecurityProperties properties, InetAddress bindAddress) {
        List<String> demo = properties.users().stream().filter(SecurityProperties.LocalUser::isDemo)
                .map(SecurityProperties.LocalUser::name).toList();
        boolean loopbackOnly = bindAddress != null && bindAddress.isLoopbackAddress();
        if (demo.isEmpty() || loopbackOnly || properties.demoUsersOnNetwork()) {
            return;
        }
        throw new IllegalStateException("refusing to start: local user(s) " + demo + " have a demo password (their own "
                + "name) and the API listens on " + (bindAddress == null ? "every interface" : bindAddress.getHostAddress())
                + ". Give them real passwords (VMSS_SECURITY_USERS_i_PASSWORD, {bcrypt} hashes), use "
                + "vmss.security.mode=jwt, listen on loopback only (server.address=127.0.0.1), or set " + OVERRIDE
                + "=true if the port is not reachable from other hosts");
    }
}
