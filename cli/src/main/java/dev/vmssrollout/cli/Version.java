package dev.vmssrollout.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The CLI's version, written into {@code vmss-rollout-cli.properties} by the build. */
public final class Version implements IVersionProvider {

    static String get() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/vmss-rollout-cli.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String version = properties.getProperty("version", "unknown");
        // Run from sources without resource filtering, the placeholder is still there.
        return version.startsWith("@") ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"vmss-rollout " + get()};
    }
}
