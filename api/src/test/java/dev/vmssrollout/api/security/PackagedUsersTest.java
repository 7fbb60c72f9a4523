package dev.vmssrollout.api.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which local users the shipped configuration gives, bound as Spring Boot binds it: none unless chosen, the demo
 * users only with the profile {@code demo}, and docker-compose's users with the roles they need.
 */
class PackagedUsersTest {

    @Test
    void thePackagedConfigurationHasNoUsersAndLocalModeRefusesToStartWithoutThem() throws IOException {
        SecurityProperties packaged = bind(List.of(), "application.yaml");

        assertThat(packaged.mode()).isEqualTo(SecurityProperties.Mode.LOCAL);
        assertThat(packaged.users()).isEmpty();
        assertThatThrownBy(() -> DemoUsers.requireChosen(packaged)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no local users").hasMessageContaining("VMSS_SECURITY_USERS_0_NAME")
                .hasMessageContaining("vmss.security.mode=jwt").hasMessageContaining("SPRING_PROFILES_ACTIVE=demo");
    }

    @Test
    void theDemoProfileGivesAliceAndBobEveryRole() throws IOException {
        SecurityProperties demo = bind(List.of(), "application-demo.yaml", "application.yaml");

        assertThat(demo.users()).extracting(SecurityProperties.LocalUser::name).containsExactly("alice", "bob");
        assertThat(demo.users()).allSatisfy(user -> {
            assertThat(user.isDemo()).isTrue();
            assertThat(user.roles()).containsExactlyInAnyOrderElementsOf(Roles.ALL);
        });
    }

    /** Compose's users replace the list from application.yaml as a whole: without their own roles they could do nothing. */
    @Test
    void dockerComposeUsersHaveTheRolesTheyNeed() throws IOException {
        Map<String, Object> environment = composeApiEnvironment();
        SecurityProperties compose = bind(List.of(new SystemEnvironmentPropertySource("systemEnvironment", environment)),
                "application.yaml");

        assertThat(compose.users()).extracting(SecurityProperties.LocalUser::name).containsExactly("alice", "bob");
        assertThat(compose.users()).allSatisfy(user ->
                assertThat(user.roles()).as(user.name()).containsExactlyInAnyOrderElementsOf(Roles.ALL));
        assertThat(compose.demoUsersOnNetwork()).as("its port is published on the host's loopback only").isTrue();
    }

    private static SecurityProperties bind(List<PropertySource<?>> first, String... yamlFiles) throws IOException {
        List<PropertySource<?>> sources = new ArrayList<>(first);
        for (String file : yamlFiles) {
            sources.addAll(new YamlPropertySourceLoader().load(file, new ClassPathResource(file)));
        }
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("vmss.security", SecurityProperties.class);
    }

    /** The api service's environment with each {@code ${NAME:-default}} as compose fills it from an empty .env. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> composeApiEnvironment() throws IOException {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(Path.of("..", "docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> api = (Map<String, Object>) services.get("api");
        Map<String, Object> environment = new LinkedHashMap<>();
        Pattern withDefault = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)}");
        ((Map<String, Object>) api.get("environment")).forEach((name, value) -> {
            Matcher matcher = withDefault.matcher(String.valueOf(value));
            environment.put(name, matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1))));
        });
        return environment;
    }
}
