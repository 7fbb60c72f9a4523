package dev.vmssrollout.api.security;

import dev.vmssrollout.api.WebTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class LocalUsersTest extends WebTestSupport {

    @Autowired
    UserDetailsService users;

    @Test
    void signingInDoesNotReencodeLocalPasswordsWithBcrypt() throws Exception {
        mvc.perform(get("/api/v1/me").with(httpBasic("alice", "alice"))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/me").with(httpBasic("alice", "alice"))).andExpect(status().isOk());

        assertThat(users).isNotInstanceOf(UserDetailsPasswordService.class);
        assertThat(users.loadUserByUsername("alice").getPassword()).startsWith("{noop}");
    }
}
