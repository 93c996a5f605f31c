package dev.taskhost.core.internal;

import dev.taskhost.core.spi.TaskStoreProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the one {@link TaskStoreProvider} on the module path or class path; zero or several is an error. */
public final class StoreDiscovery {

    private StoreDiscovery() {
    }

    /**
     * @throws IllegalStateException if there is no provider, or more than one
     */
    public static TaskStoreProvider findOne() {
        List<TaskStoreProvider> found = ServiceLoader.load(TaskStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        if (found.isEmpty()) {
            throw new IllegalStateException("no TaskStoreProvider found: put a store such as task-store-sqlite "
                    + "on the module path or class path, or pass one to TaskHost.builder().store(...)");
        }
        if (found.size() > 1) {
            throw new IllegalStateException("several TaskStoreProviders found ("
                    + found.stream().map(p -> p.name() + " " + p.getClass().getName()).collect(Collectors.joining(", "))
                    + "): pick one with TaskHost.builder().store(...)");
        }
        return found.get(0);
    }
}
