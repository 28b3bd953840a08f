package io.mcpool.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** mcpool-bom names every library module (those that publish), at the parent's version. */
class BomTest {

    private static final Path ROOT = Path.of(System.getProperty("mcpool.docs.root", "..")).toAbsolutePath().normalize();

    @Test
    void theBomListsExactlyTheLibraryModulesAtTheParentsVersion() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        Set<String> libraries = new TreeSet<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (module.find()) {
            Path pom = ROOT.resolve(module.group(1)).resolve("pom.xml");
            String text = Files.readString(pom);
            if (text.contains("<mcpool.publish.skip>false</mcpool.publish.skip>")) {
                libraries.add(first(text, "</parent>\\s*<artifactId>([^<]+)</artifactId>"));
            }
        }
        assertFalse(libraries.isEmpty(), "no module of " + ROOT + " sets mcpool.publish.skip=false");

        String bom = Files.readString(ROOT.resolve("mcpool-bom/pom.xml"));
        Set<String> listed = new TreeSet<>();
        Matcher dep = Pattern.compile("<groupId>io\\.mcpool</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>\\$\\{project\\.version\\}</version>")
                .matcher(bom);
        while (dep.find()) {
            listed.add(dep.group(1));
        }
        assertEquals(libraries, listed, "mcpool-bom/pom.xml's dependencyManagement against the library modules");
        assertEquals(first(parent, "<artifactId>mcpool-parent</artifactId>\\s*<version>([^<]+)</version>"),
                first(bom, "<artifactId>mcpool-bom</artifactId>\\s*<version>([^<]+)</version>"),
                "mcpool-bom has no parent (so that importing it pins nothing else): keep its version equal to the parent's");
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : "(not found: " + regex + ")";
    }
}
