package dev.vmssrollout.api.security;

import io.temporal.client.WorkflowClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real API over {@link SecureStack}, configured as in production: a database password, a Temporal API key,
 * users whose passwords are secrets (two with every role, one per single role, one with none). Debug logging for
 * the project, the connection pool and Spring Security, so that a secret would have every chance to be logged.
 * One context for the security tests of this package.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vmss.reconciler.enabled=false", "vmss.temporal.inspection-timeout=20s",
                // Every endpoint is tried with wrong credentials from one address; throttling has its own test.
                "vmss.security.sign-in.max-failures-per-user=100000", "vmss.security.sign-in.max-failures-per-address=100000",
                "vmss.api.scale-set-reads.max-reads-per-user=100000",
                "logging.level.dev.vmssrollout=DEBUG", "logging.level.com.zaxxer.hikari=DEBUG",
                "logging.level.org.springframework.security=DEBUG", "logging.level.org.springframework.boot.context.properties=DEBUG"})
@AutoConfigureMockMvc
@Import(SecurityTestSupport.UseSecureStack.class)
abstract class SecurityTestSupport {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void secureConfiguration(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> SecureStack.get().jdbcUrlWithoutCredentials());
        registry.add("spring.datasource.username", () -> SecureStack.get().dbRole);
        registry.add("spring.datasource.password", () -> SecureStack.get().dbPassword);
        registry.add("vmss.temporal.api-key", () -> SecureStack.get().temporalApiKey);
        List<String> names = new ArrayList<>(SecureStack.get().users.keySet());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            SecureStack.User user = SecureStack.get().users.get(name);
            String prefix = "vmss.security.users[" + i + "].";
            registry.add(prefix + "name", () -> name);
            registry.add(prefix + "password", user::password);
            for (int r = 0; r < user.roles().size(); r++) {
                String role = user.roles().get(r);
                registry.add(prefix + "roles[" + r + "]", () -> role);
            }
        }
    }

    /** The stack's Temporal client replaces the one the API would build from vmss.temporal.* (and its API key). */
    @TestConfiguration
    static class UseSecureStack {
        @Bean
        WorkflowClient workflowClient() {
            return SecureStack.get().client;
        }
    }

    static String password(String user) {
        return SecureStack.get().users.get(user).password();
    }

    static Map<String, SecureStack.User> users() {
        return SecureStack.get().users;
    }
}
