package dev.vmssrollout.api.security;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The packaged alice/alice and bob/bob never face the network by accident. */
class DemoUsersTest {

    private static final List<String> ROLES = List.of(Roles.SUBMIT);

    @Test
    void demoPasswordsRefuseToStartWhenTheApiListensBeyondLoopback() throws Exception {
        SecurityProperties packaged = settings(false, new SecurityProperties.LocalUser("alice", "alice", ROLES),
                new SecurityProperties.LocalUser("carol", "{bcrypt}$2a$10$abcdefghijklmnopqrstuv", ROLES));
        for (InetAddress open : new InetAddress[]{null, InetAddress.getByName("0.0.0.0"), InetAddress.getByName("10.1.2.3")}) {
            assertThatThrownBy(() -> DemoUsers.refuseOnNetwork(packaged, open))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("[alice]").hasMessageContaining(DemoUsers.OVERRIDE)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("abcdefghijklmnopqrstuv"));
        }
    }

    @Test
    void demoPasswordsStartOnLoopbackOrWithTheOverride() throws Exception {
        SecurityProperties packaged = settings(false, new SecurityProperties.LocalUser("bob", "{noop}BOB", ROLES));
        assertThatCode(() -> DemoUsers.refuseOnNetwork(packaged, InetAddress.getByName("127.0.0.1"))).doesNotThrowAnyException();
        assertThatCode(() -> DemoUsers.refuseOnNetwork(packaged, InetAddress.getByName("::1"))).doesNotThrowAnyException();
        assertThatCode(() -> DemoUsers.refuseOnNetwork(settings(true, packaged.users().get(0)), null)).doesNotThrowAnyException();
    }

    @Test
    void realPasswordsStartAnywhere() {
        SecurityProperties real = settings(false, new SecurityProperties.LocalUser("alice", "{bcrypt}$2a$10$abcdefghijklmnopqrstuv", ROLES),
                new SecurityProperties.LocalUser("bob", "correct horse battery staple", ROLES));
        assertThatCode(() -> DemoUsers.refuseOnNetwork(real, null)).doesNotThrowAnyException();
    }

    private static SecurityProperties settings(boolean override, SecurityProperties.LocalUser... users) {
        return new SecurityProperties(SecurityProperties.Mode.LOCAL, List.of(users), new SecurityProperties.Jwt("roles",
                "preferred_username"), true, new SecurityProperties.SignIn(5, 20, java.time.Duration.ofMinutes(15)), override);
    }
}
