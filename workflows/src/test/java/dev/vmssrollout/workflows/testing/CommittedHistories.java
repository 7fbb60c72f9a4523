package dev.vmssrollout.workflows.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The workflow histories committed under a test resource directory, for replay tests: their file names, sorted. */
public final class CommittedHistories {

    private CommittedHistories() {
    }

    public static Stream<String> in(String directory) throws IOException, URISyntaxException {
        URL found = CommittedHistories.class.getResource("/" + directory);
        if (found == null) {
            throw new IllegalStateException("no committed histories: test resource directory " + directory + " is missing");
        }
        try (Stream<Path> files = Files.list(Path.of(found.toURI()))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
            if (names.isEmpty()) {
                throw new IllegalStateException("no committed histories in " + directory);
            }
            return names.stream();
        }
    }
}
