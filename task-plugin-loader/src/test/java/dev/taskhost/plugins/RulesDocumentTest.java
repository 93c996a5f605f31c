package dev.taskhost.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every rule a message of the project's code cites, as in {@code (R26)}, can be looked up: it is a
 * heading of {@code docs/rules.md} (R26, R55, R56, R57 and the rest).
 */
class RulesDocumentTest {
    private static final Path PROJECT = Path.of("..");
    private static final Pattern CITATION = Pattern.compile("\\((R\\d+(?:, R\\d+)*)\\)");
    private static final Pattern RULE = Pattern.compile("R\\d+");

    @Test
    void r26_r57_everyRuleAMessageCitesIsAHeadingOfDocsRules() throws IOException {
        Set<String> headings = new TreeSet<>();
        for (String line : Files.readAllLines(PROJECT.resolve("docs/rules.md"))) {
            if (line.matches("### R\\d+")) {
                headings.add(line.substring(4));
            }
        }
        Set<String> cited = new TreeSet<>();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(PROJECT)) {
            sources = walk.filter(path -> path.toString().replace('\\', '/').contains("/src/main/java/")
                    && path.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            Matcher citation = CITATION.matcher(Files.readString(source));
            while (citation.find()) {
                Matcher rule = RULE.matcher(citation.group(1));
                while (rule.find()) {
                    cited.add(rule.group());
                }
            }
        }
        cited.removeAll(headings);
        assertEquals(Set.of(), cited, "rules cited by messages but not headings of docs/rules.md");
    }
}
