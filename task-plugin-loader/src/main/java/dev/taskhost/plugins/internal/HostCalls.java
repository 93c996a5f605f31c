package dev.taskhost.plugins.internal;

import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.function.Supplier;

/**
 * Runs a call into the task host, made by plugin code, as if the host made it.
 *
 * <p>A thread the task host starts during such a call (its scheduler and workers start lazily)
 * would otherwise inherit the plugin's class loader twice, and keep the plugin in memory for the
 * host's whole life: as its context class loader, and through the plugin's protection domain in
 * the access control context that Java 17 captures for every new thread. So the call runs with
 * the host's context class loader, inside {@code doPrivileged}, which keeps the frames of the
 * plugin out of that context.
 */
final class HostCalls {
    private final ClassLoader hostContextLoader;

    /** @param hostContextLoader the context class loader the host's threads should see; may be null */
    HostCalls(ClassLoader hostContextLoader) {
        this.hostContextLoader = hostContextLoader;
    }

    // AccessController is deprecated for removal, but on Java 17 it is the only way to keep a
    // plugin's frames out of the context that new threads inherit.
    @SuppressWarnings("removal")
    <T> T call(Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(hostContextLoader);
        try {
            return AccessController.doPrivileged((PrivilegedAction<T>) call::get);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }
}
