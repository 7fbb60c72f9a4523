package dev.vmssrollout.cli.config;

import dev.vmssrollout.cli.CliContext.PasswordPrompt;
import dev.vmssrollout.cli.CliException;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Resolves {@link Settings}: flag > environment > config file > default, value by value. */
public final class SettingsResolver {

    public static final String DEFAULT_API_URL = "http://localhost:8080";
    public static final String ENV_API_URL = "VMSS_ROLLOUT_API_URL";
    public static final String ENV_USER = "VMSS_ROLLOUT_USER";
    public static final String ENV_PASSWORD = "VMSS_ROLLOUT_PASSWORD";
    public static final String ENV_SUBSCRIPTION = "VMSS_ROLLOUT_SUBSCRIPTION";
    public static final String ENV_CONFIG = "VMSS_ROLLOUT_CONFIG";
    static final String DEFAULT_SOURCE = "the default";
    public static final String DEFAULT_CONFIG = "~/.config/vmss-rollout/config.yaml";

    /** What the command line said; null where it said nothing. */
    public record Flags(String apiUrl, String user, String password, Path passwordFile, Path config) {
    }

    private SettingsResolver() {
    }

    public static Settings resolve(Flags flags, Map<String, String> env, Path home, PrintWriter err) {
        ConfigFile config = config(flags, env, home, err);
        String configSource = "apiUrl in " + config.path();

        String apiUrl = DEFAULT_API_URL;
        String apiUrlSource = DEFAULT_SOURCE;
        if (flags.apiUrl() != null) {
            apiUrl = flags.apiUrl();
            apiUrlSource = "--api-url";
        } else if (set(env, ENV_API_URL) != null) {
            apiUrl = set(env, ENV_API_URL);
            apiUrlSource = ENV_API_URL;
        } else if (config.apiUrl() != null) {
            apiUrl = config.apiUrl();
            apiUrlSource = configSource;
        }
        URI uri = apiUrl(apiUrl, apiUrlSource);

        String user = first(flags.user(), set(env, ENV_USER), config.user());
        Sourced password = password(flags, env, config);
        String subscription = first(null, set(env, ENV_SUBSCRIPTION), config.subscription());
        return new Settings(uri, apiUrlSource, user, password == null ? null : password.value(),
                password == null ? null : password.source(), subscription);
    }

    private static ConfigFile config(Flags flags, Map<String, String> env, Path home, PrintWriter err) {
        if (flags.config() != null) {
            return ConfigFile.load(flags.config(), true, err);
        }
        if (set(env, ENV_CONFIG) != null) {
            return ConfigFile.load(Path.of(set(env, ENV_CONFIG)), true, err);
        }
        return ConfigFile.load(home.resolve(".config").resolve("vmss-rollout").resolve("config.yaml"), false, err);
    }

    /**
     * Asks for the password of a user who has none, just before the first request: not for --help, nor
     * for flags that turn out to be wrong.
     */
    public static Settings withPrompt(Settings settings, PasswordPrompt prompt) {
        if (settings.user() == null || settings.password() != null) {
            return settings;
        }
        String typed = prompt.ask("Password for " + settings.user() + " at " + settings.apiUrl() + ": ");
        return typed == null ? settings : new Settings(settings.apiUrl(), settings.apiUrlSource(), settings.user(), typed,
                "the prompt", settings.subscription());
    }

    private record Sourced(String value, String source) {
    }

    /** The password and where it came from, or null. */
    private static Sourced password(Flags flags, Map<String, String> env, ConfigFile config) {
        if (flags.password() != null && flags.passwordFile() != null) {
            throw CliException.badInput("give --password or --password-file, not both");
        }
        if (flags.password() != null) {
            return new Sourced(flags.password(), "--password");
        }
        if (flags.passwordFile() != null) {
            return new Sourced(readPasswordFile(flags.passwordFile()), "--password-file " + flags.passwordFile());
        }
        String fromEnv = env.get(ENV_PASSWORD); // not trimmed: a password may end in a space
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return new Sourced(fromEnv, ENV_PASSWORD);
        }
        return config.password() == null ? null : new Sourced(config.password(), "password in " + config.path());
    }

    /** The file's first line, without its line break: `echo secret > file` must work. */
    private static String readPasswordFile(Path file) {
        String content;
        try {
            content = Files.readString(file);
        } catch (IOException e) {
            throw CliException.badInput("cannot read --password-file " + file + ": " + e.getMessage()
                    + "; or set the password in " + ENV_PASSWORD + " instead");
        }
        String line = content.lines().findFirst().orElse("");
        if (line.isEmpty()) {
            throw CliException.badInput("--password-file " + file + " is empty; its first line must be the password");
        }
        return line;
    }

    private static URI apiUrl(String text, String source) {
        String trimmed = text.trim().replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, with where the value came from
        }
        throw CliException.badInput("API URL '" + text + "' (from " + source + ") is not an http(s) URL such as "
                + DEFAULT_API_URL);
    }

    private static String set(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
