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
 * users only with the profile {@code demo}, docker-compose's users with the roles they need, and no worker against
 * Azure while the demo users are on.
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

    /** The compose file's check: with the azure profile the worker waits for it, and it passes only without demo users. */
    @Test
    void againstAzureComposeStartsTheWorkerOnlyWithoutTheDemoUsers() throws Exception {
        Map<String, Object> services = composeServices();
        Map<String, Object> worker = service(services, "worker");
        assertThat(String.valueOf(worker.get("depends_on"))).contains("azure-users-check={condition=service_completed_successfully}");
        Map<String, Object> check = service(services, "azure-users-check");
        assertThat(check.get("profiles")).isEqualTo(worker.get("profiles"));

        assertThat(runCheck(check, Map.of())).as("an empty .env: the demo users").isNotZero();
        assertThat(runCheck(check, Map.of("VMSS_DEMO_USERS_ON_NETWORK", "false"))).as("real users: the API refuses demo passwords itself").isZero();
        assertThat(runCheck(check, Map.of("VMSS_SECURITY_MODE", "jwt"))).isZero();
    }

    private static int runCheck(Map<String, Object> check, Map<String, String> dotEnv) throws Exception {
        @SuppressWarnings("unchecked")
        List<String> command = new ArrayList<>((List<String>) check.get("entrypoint"));
        @SuppressWarnings("unchecked")
        List<String> script = (List<String>) check.get("command");
        script.forEach(line -> command.add(line.replace("$$", "$")));
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true);
        process.environment().clear();
        process.environment().put("PATH", System.getenv("PATH"));
        interpolated(check, dotEnv).forEach((name, value) -> process.environment().put(name, String.valueOf(value)));
        Process started = process.start();
        String output = new String(started.getInputStream().readAllBytes());
        int exit = started.waitFor();
        if (exit != 0) {
            assertThat(output).contains("VMSS_DEMO_USERS_ON_NETWORK=false").contains("VMSS_SECURITY_MODE=jwt");
        }
        return exit;
    }

    private static SecurityProperties bind(List<PropertySource<?>> first, String... yamlFiles) throws IOException {
        List<PropertySource<?>> sources = new ArrayList<>(first);
        for (String file : yamlFiles) {
            sources.addAll(new YamlPropertySourceLoader().load(file, new ClassPathResource(file)));
        }
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("vmss.security", SecurityProperties.class);
    }

    /** The api service's environment with each {@code ${NAME:-default}} as compose fills it from an empty .env. */
    private static Map<String, Object> composeApiEnvironment() throws IOException {
        return interpolated(service(composeServices(), "api"), Map.of());
    }

    /** A service's environment as compose fills each {@code ${NAME:-default}} from a .env holding {@code dotEnv}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> interpolated(Map<String, Object> service, Map<String, String> dotEnv) {
        Map<String, Object> environment = new LinkedHashMap<>();
        Pattern reference = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");
        ((Map<String, Object>) service.get("environment")).forEach((name, value) -> {
            Matcher matcher = reference.matcher(String.valueOf(value));
            environment.put(name, matcher.replaceAll(match ->
                    Matcher.quoteReplacement(dotEnv.getOrDefault(match.group(1), match.group(2)))));
        });
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> composeServices() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("..", "docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Object>) compose.get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> services, String name) {
        return (Map<String, Object>) services.get(name);
    }
}
