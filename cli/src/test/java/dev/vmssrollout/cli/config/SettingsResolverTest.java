package dev.vmssrollout.cli.config;

import dev.vmssrollout.cli.CliException;
import dev.vmssrollout.cli.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** flag > environment > config file > default, value by value, with the environment injected. */
class SettingsResolverTest {

    private static final SettingsResolver.Flags NO_FLAGS = new SettingsResolver.Flags(null, null, null, null, null);

    @TempDir
    Path home;
    final Map<String, String> env = new HashMap<>();
    final List<String> prompts = new ArrayList<>();
    final StringWriter err = new StringWriter();
    String promptAnswer;

    @Test
    void defaultsWithNothingSet() {
        Settings settings = prompted(resolve(NO_FLAGS));

        assertThat(settings.apiUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(settings.apiUrlOrigin()).isEqualTo("the API URL is the default");
        assertThat(settings.user()).isNull();
        assertThat(settings.password()).isNull();
        assertThat(settings.subscription()).isNull();
        assertThat(prompts).as("no user, nobody to ask a password for").isEmpty();
    }

    @Test
    void configFileBeatsTheDefault() throws Exception {
        config("apiUrl: https://rollouts.example.com/\nuser: carol\npassword: from-config\nsubscription: s-config\n");

        Settings settings = resolve(NO_FLAGS);

        assertThat(settings.apiUrl()).isEqualTo(URI.create("https://rollouts.example.com"));
        assertThat(settings.apiUrlSource()).isEqualTo("apiUrl in " + defaultConfig());
        assertThat(settings.user()).isEqualTo("carol");
        assertThat(settings.password()).isEqualTo("from-config");
        assertThat(settings.subscription()).isEqualTo("s-config");
    }

    @Test
    void environmentBeatsTheConfigFile() throws Exception {
        config("apiUrl: https://config.example.com\nuser: carol\npassword: from-config\nsubscription: s-config\n");
        env.putAll(Map.of("VMSS_ROLLOUT_API_URL", "http://env.example.com:9000", "VMSS_ROLLOUT_USER", "dave",
                "VMSS_ROLLOUT_PASSWORD", "from-env ", "VMSS_ROLLOUT_SUBSCRIPTION", "s-env"));

        Settings settings = resolve(NO_FLAGS);

        assertThat(settings.apiUrl()).isEqualTo(URI.create("http://env.example.com:9000"));
        assertThat(settings.apiUrlOrigin()).isEqualTo("the API URL comes from VMSS_ROLLOUT_API_URL");
        assertThat(settings.user()).isEqualTo("dave");
        assertThat(settings.password()).as("a password keeps its spaces").isEqualTo("from-env ");
        assertThat(settings.subscription()).isEqualTo("s-env");
    }

    @Test
    void flagsBeatTheEnvironment() throws Exception {
        config("apiUrl: https://config.example.com\nuser: carol\npassword: from-config\n");
        env.putAll(Map.of("VMSS_ROLLOUT_API_URL", "http://env.example.com", "VMSS_ROLLOUT_USER", "dave",
                "VMSS_ROLLOUT_PASSWORD", "from-env"));

        Settings settings = resolve(new SettingsResolver.Flags("http://flag.example.com", "erin", "from-flag", null, null));

        assertThat(settings.apiUrl()).isEqualTo(URI.create("http://flag.example.com"));
        assertThat(settings.apiUrlSource()).isEqualTo("--api-url");
        assertThat(settings.user()).isEqualTo("erin");
        assertThat(settings.password()).isEqualTo("from-flag");
    }

    @Test
    void passwordFileIsAFlagToo() throws Exception {
        env.put("VMSS_ROLLOUT_PASSWORD", "from-env");
        Path file = Files.writeString(home.resolve("password"), "from-file\nsecond line ignored\n");

        Settings settings = resolve(new SettingsResolver.Flags(null, "erin", null, file, null));

        assertThat(settings.password()).isEqualTo("from-file");
    }

    @Test
    void passwordAndPasswordFileTogetherAreBadInput() throws Exception {
        Path file = Files.writeString(home.resolve("password"), "x\n");

        assertThatThrownBy(() -> resolve(new SettingsResolver.Flags(null, "erin", "y", file, null)))
                .isInstanceOf(CliException.class).hasMessageContaining("--password or --password-file, not both")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void asksForThePasswordOnlyWhenAUserHasNone() {
        env.put("VMSS_ROLLOUT_USER", "alice");
        promptAnswer = "typed";

        Settings settings = prompted(resolve(NO_FLAGS));

        assertThat(settings.password()).isEqualTo("typed");
        assertThat(settings.passwordSource()).isEqualTo("the prompt");
        assertThat(prompts).containsExactly("Password for alice at http://localhost:8080: ");

        env.put("VMSS_ROLLOUT_PASSWORD", "from-env");
        assertThat(prompted(resolve(NO_FLAGS)).password()).isEqualTo("from-env");
        env.remove("VMSS_ROLLOUT_USER");
        assertThat(prompted(resolve(NO_FLAGS)).user()).isNull();
        assertThat(prompts).as("asked once: the user had no password only the first time").hasSize(1);
    }

    @Test
    void configFileNamedByTheEnvironmentIsUsedAndMustExist() throws Exception {
        Path elsewhere = Files.writeString(home.resolve("other.yaml"), "apiUrl: http://other:8080\n");
        env.put("VMSS_ROLLOUT_CONFIG", elsewhere.toString());
        assertThat(resolve(NO_FLAGS).apiUrl()).isEqualTo(URI.create("http://other:8080"));

        env.put("VMSS_ROLLOUT_CONFIG", home.resolve("missing.yaml").toString());
        assertThatThrownBy(() -> resolve(NO_FLAGS)).hasMessageContaining("missing.yaml does not exist");
    }

    @Test
    void configFlagBeatsTheEnvironmentsConfigFile() throws Exception {
        Path fromEnv = Files.writeString(home.resolve("env.yaml"), "user: from-env-file\n");
        Path fromFlag = Files.writeString(home.resolve("flag.yaml"), "user: from-flag-file\n");
        env.put("VMSS_ROLLOUT_CONFIG", fromEnv.toString());

        assertThat(resolve(new SettingsResolver.Flags(null, null, null, null, fromFlag)).user()).isEqualTo("from-flag-file");
    }

    @Test
    void unknownConfigKeysAndReadablePasswordsAreWarnedAbout() throws Exception {
        Path config = config("apiURL: http://typo:8080\npassword: secret\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

        Settings settings = resolve(NO_FLAGS);

        assertThat(settings.apiUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(err.toString()).contains("unknown keys [apiURL] (ignored); known keys: apiUrl, user, password, subscription")
                .contains("holds a password and others can read it; run: chmod 600 " + config);
    }

    @Test
    void apiUrlThatIsNotHttpIsBadInputNamingItsSource() {
        env.put("VMSS_ROLLOUT_API_URL", "localhost:8080");

        assertThatThrownBy(() -> resolve(NO_FLAGS))
                .hasMessage("API URL 'localhost:8080' (from VMSS_ROLLOUT_API_URL) is not an http(s) URL such as "
                        + "http://localhost:8080");
    }

    @Test
    void passwordNeverAppearsInToString() {
        env.put("VMSS_ROLLOUT_USER", "alice");
        env.put("VMSS_ROLLOUT_PASSWORD", "hunter2");

        assertThat(resolve(NO_FLAGS).toString()).doesNotContain("hunter2").contains("***");
    }

    private Settings resolve(SettingsResolver.Flags flags) {
        return SettingsResolver.resolve(flags, env, home, new PrintWriter(err, true));
    }

    private Settings prompted(Settings settings) {
        return SettingsResolver.withPrompt(settings, question -> {
            prompts.add(question);
            return promptAnswer;
        });
    }

    private Path defaultConfig() {
        return home.resolve(".config/vmss-rollout/config.yaml");
    }

    private Path config(String yaml) throws Exception {
        Files.createDirectories(defaultConfig().getParent());
        return Files.writeString(defaultConfig(), yaml);
    }
}
