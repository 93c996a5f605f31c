package dev.taskhost.plugins;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the probe plugins report: system properties named {@code <prefix><plugin id>.<key>}, under a
 * prefix of one test's own, handed to every plugin as its {@code report} config setting.
 */
final class Reports {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String prefix = "taskhost.test." + UUID.randomUUID() + ".";

    String prefix() {
        return prefix;
    }

    Optional<Object> get(String pluginId, String key) {
        return Optional.ofNullable(System.getProperties().get(prefix + pluginId + "." + key));
    }

    /** The report, which must be there already. */
    String string(String pluginId, String key) {
        return get(pluginId, key).map(Object::toString)
                .orElseThrow(() -> new AssertionError("plugin '" + pluginId + "' reported no '" + key + "'"));
    }

    /** Waits, with a generous timeout, until the plugin reports {@code key}. */
    Object await(String pluginId, String key) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Optional<Object> value = get(pluginId, key);
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(10);
        }
        return fail("plugin '" + pluginId + "' did not report '" + key + "' within " + PATIENCE);
    }

    /** Removes the report and returns it; for objects the test must not keep in the properties. */
    Object take(String pluginId, String key) {
        return Optional.ofNullable(System.getProperties().remove(prefix + pluginId + "." + key))
                .orElseThrow(() -> new AssertionError("plugin '" + pluginId + "' reported no '" + key + "'"));
    }

    /** Forgets every report of this test, objects included. */
    void clear() {
        List<Object> keys = System.getProperties().keySet().stream()
                .filter(key -> key.toString().startsWith(prefix)).toList();
        keys.forEach(System.getProperties()::remove);
    }
}
