package io.mcpool.it.weld;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

/** Builds the archives the Weld tests deploy: their beans, a beans.xml and a microprofile-config.properties. */
final class Archives {

    private Archives() {
    }

    /**
     * @param config the archive's microprofile-config.properties
     * @param beans  the archive's bean classes
     * @return a bean archive (discovery mode all)
     */
    static JavaArchive app(Map<String, String> config, Class<?>... beans) {
        String properties = new TreeMap<>(config).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n"));
        return ShrinkWrap.create(JavaArchive.class)
                .addClasses(beans)
                .addAsManifestResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                        + "version=\"4.0\" bean-discovery-mode=\"all\"/>"), "beans.xml")
                .addAsManifestResource(new StringAsset(properties), "microprofile-config.properties");
    }
}
