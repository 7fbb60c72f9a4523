package dev.vmssrollout.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md is the front door: short, with a table of contents that reaches every page under docs/, and no relative
 * link in README.md or docs/*.md points at a file or heading that does not exist.
 */
class DocumentationLinksTest {

    /** The issue's promise: a newcomer reads the front door in a few screens. */
    private static final int README_MAX_CHARS = 12_000;

    /** {@code [text](target)} and {@code ![alt](target)}, outside code; the target ends at a space or a ')'. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?)\\s*$");

    private final Path root = Readme.repositoryRoot();

    @Test
    void readmeIsAFrontDoorOfAtMostTwelveThousandCharacters() throws IOException {
        assertThat(Files.readString(root.resolve("README.md")).length())
                .as("README.md length; move details into a docs/ page and link it").isLessThanOrEqualTo(README_MAX_CHARS);
    }

    @Test
    void everyDocsPageIsLinkedFromTheReadme() throws IOException {
        Set<Path> linked = new HashSet<>();
        for (Link link : links(root.resolve("README.md"))) {
            linked.add(link.file());
        }
        assertThat(docsPages()).as("pages under docs/ that README.md's table of contents does not link")
                .allSatisfy(page -> assertThat(linked).contains(page));
    }

    @Test
    void noRelativeLinkIsBroken() throws IOException {
        List<Path> documents = new ArrayList<>(docsPages());
        documents.add(root.resolve("README.md"));
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            for (Link link : links(document)) {
                if (!Files.exists(link.file())) {
                    broken.add(root.relativize(document) + ": " + link.target() + " (no such file)");
                } else if (link.anchor() != null && link.file().toString().endsWith(".md")
                        && !anchors(link.file()).contains(link.anchor())) {
                    broken.add(root.relativize(document) + ": " + link.target() + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("broken relative links").isEmpty();
    }

    @Test
    void theCheckFindsABrokenLinkAndAMissingHeading(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "# The `API`'s page\n\n[gone](no-such-page.md) [here](#the-apis-page) [there](#nowhere)"
                + " `[code](not-a-link.md)` [web](https://example.com/x)\n");
        List<Link> found = links(page);
        assertThat(found).extracting(Link::target).containsExactly("no-such-page.md", "#the-apis-page", "#nowhere");
        assertThat(Files.exists(found.get(0).file())).isFalse();
        assertThat(anchors(page)).contains("the-apis-page").doesNotContain("nowhere");
    }

    private List<Path> docsPages() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            return files.filter(f -> f.toString().endsWith(".md")).map(Path::normalize).sorted().toList();
        }
    }

    private record Link(String target, Path file, String anchor) {
    }

    /** The relative links of a Markdown file; links to web pages (any scheme) and mail are not checked here. */
    private static List<Link> links(Path document) throws IOException {
        String text = INLINE_CODE.matcher(FENCE.matcher(Files.readString(document)).replaceAll("")).replaceAll("");
        List<Link> links = new ArrayList<>();
        Matcher link = LINK.matcher(text);
        while (link.find()) {
            String target = link.group(1);
            if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                continue;
            }
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path file = path.isEmpty() ? document : document.getParent().resolve(path);
            links.add(new Link(target, file.normalize(), anchor));
        }
        return links;
    }

    /** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path document) throws IOException {
        String text = FENCE.matcher(Files.readString(document)).replaceAll("");
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(text);
        while (heading.find()) {
            String slug = heading.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("[`*]", "")
                    .replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1")
                    .replaceAll("[^\\p{L}\\p{N} -]", "")
                    .replace(' ', '-');
            String unique = slug;
            for (int n = 1; !anchors.add(unique); n++) {
                unique = slug + "-" + n;
            }
        }
        return anchors;
    }
}
