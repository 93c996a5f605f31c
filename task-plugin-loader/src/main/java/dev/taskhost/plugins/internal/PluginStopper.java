package dev.taskhost.plugins.internal;

import dev.taskhost.core.TaskHost;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes started plugins: {@code stop} once each (R28), then their owners' queues (R22). */
public final class PluginStopper {
    private static final Logger LOG = LoggerFactory.getLogger(PluginStopper.class);

    private PluginStopper() {
    }

    /**
     * Stops the plugins in reverse start order, closes their contexts, then stops their owners in
     * parallel, so that closing takes one shutdown grace, not one per plugin.
     *
     * @return why {@code stop} threw, by plugin id, for those that threw
     */
    public static Map<String, String> stop(List<RunningPlugin> started, TaskHost taskHost) {
        List<RunningPlugin> stopping = new ArrayList<>(started);
        Collections.reverse(stopping);
        Map<String, String> errors = new HashMap<>();
        for (RunningPlugin plugin : stopping) {
            try {
                ContextClassLoader.run(plugin.loader(), plugin.plugin()::stop);
                LOG.info("plugin '{}' stopped", plugin.id());
            } catch (Throwable e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                String error = "plugin '" + plugin.id() + "': stop of " + plugin.plugin().getClass().getName()
                        + " failed: " + Failures.describe(e);
                LOG.warn("{}", error, e);
                errors.put(plugin.id(), error);
            }
            plugin.context().close();
        }
        stopOwners(stopping.stream().map(RunningPlugin::id).toList(), taskHost);
        return errors;
    }

    /**
     * Stops one plugin as {@link #stop(List, TaskHost)} does: {@code stop}, its context, its queues.
     * Its staged JAR stays, so that the same version can start again.
     *
     * @return why {@code stop} threw, if it did
     */
    public static Optional<String> stopOne(RunningPlugin plugin, TaskHost taskHost) {
        return Optional.ofNullable(stop(List.of(plugin), taskHost).get(plugin.id()));
    }

    private static void stopOwners(List<String> owners, TaskHost taskHost) {
        List<Thread> threads = owners.stream().map(owner -> {
            Thread thread = new Thread(() -> stopOwner(owner, taskHost), "taskhost-plugin-stop-" + owner);
            thread.setDaemon(true);
            return thread;
        }).toList();
        threads.forEach(Thread::start);
        boolean interrupted = false;
        for (Thread thread : threads) {
            // Each stop ends within the task host's grace; an interrupt is kept for the caller.
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stopOwner(String owner, TaskHost taskHost) {
        try {
            taskHost.stopOwner(owner);
        } catch (RuntimeException e) {
            LOG.warn("plugin '{}': stopping its queues failed", owner, e);
        }
    }
}
