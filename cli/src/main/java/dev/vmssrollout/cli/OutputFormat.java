package dev.vmssrollout.cli;

import dev.vmssrollout.cli.api.DocumentFile;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** {@code -o}: a view for people, or the API's document for scripts, as it sent it or in YAML. */
enum OutputFormat {
    TABLE, JSON, YAML;

    static Optional<OutputFormat> named(String name) {
        return Arrays.stream(values()).filter(format -> format.name().equals(name.trim().toUpperCase(Locale.ROOT))).findFirst();
    }

    /** The API's JSON answer in this format; JSON stays byte for byte what the API sent. */
    String document(String apiJson) {
        return this == YAML ? DocumentFile.yamlOf(apiJson) : apiJson;
    }
}
