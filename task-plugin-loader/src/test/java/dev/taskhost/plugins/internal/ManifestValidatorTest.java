package dev.taskhost.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.plugin.PluginManifest;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import org.junit.jupiter.api.Test;

class ManifestValidatorTest {

    @Test
    void r26_theSmallestValidManifestGetsTheDefaults() throws PluginLoadException {
        PluginManifest manifest = ManifestValidator.validate(attributes(Map.of(
                "Plugin-Name", "Mailer", "Plugin-Version", "2.1")));

        assertEquals(new PluginManifest("Mailer", "2.1", Set.of(), 1, ""), manifest);
    }

    @Test
    void r26_everyAttributeIsRead() throws PluginLoadException {
        PluginManifest manifest = ManifestValidator.validate(attributes(Map.of(
                "Plugin-Name", " Mailer ", "Plugin-Version", "2.1",
                "Plugin-Permissions", " taskqueue , ",
                "Plugin-Taskqueue-Max-Concurrency", " 4 ",
                "Plugin-Taskqueue-Reason", "sends mail in the background")));

        assertEquals(new PluginManifest("Mailer", "2.1", Set.of("taskqueue"), 4, "sends mail in the background"), manifest);
    }

    @Test
    void r26_requiredAttributesMustBeThere() {
        assertRejected(Map.of("Plugin-Version", "1"), "Plugin-Name");
        assertRejected(Map.of("Plugin-Name", "", "Plugin-Version", "1"), "Plugin-Name");
        assertRejected(Map.of("Plugin-Name", "Mailer"), "Plugin-Version");
    }

    @Test
    void r26_anUnknownPermissionRejectsThePlugin() {
        assertRejected(Map.of("Plugin-Name", "m", "Plugin-Version", "1", "Plugin-Permissions", "taskqueue,network"),
                "Plugin-Permissions", "'network'", "known: taskqueue");
        assertRejected(Map.of("Plugin-Name", "m", "Plugin-Version", "1", "Plugin-Permissions", "TaskQueue"),
                "Plugin-Permissions", "'TaskQueue'");
    }

    @Test
    void r26_theBudgetIsAnIntegerOfAtLeastOne() {
        for (String bad : new String[] {"0", "-1", "1.5", "one", "2147483648", "0x10"}) {
            assertRejected(Map.of("Plugin-Name", "m", "Plugin-Version", "1", "Plugin-Taskqueue-Max-Concurrency", bad),
                    "Plugin-Taskqueue-Max-Concurrency", "'" + bad + "'");
        }
    }

    private static void assertRejected(Map<String, String> values, String... fragments) {
        PluginLoadException error = assertThrows(PluginLoadException.class,
                () -> ManifestValidator.validate(attributes(values)));
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment), () -> "'" + error.getMessage() + "' does not say " + fragment);
        }
    }

    private static Attributes attributes(Map<String, String> values) {
        Attributes attributes = new Attributes();
        values.forEach(attributes::putValue);
        return attributes;
    }
}
