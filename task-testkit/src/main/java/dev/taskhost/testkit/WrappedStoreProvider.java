package dev.taskhost.testkit;

import dev.taskhost.core.spi.HostBeat;
import dev.taskhost.core.spi.LiveHost;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.ReadyListener;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A real store whose owner stores are wrapped (with a {@link ForwardingOwnerStore}, say), to see what
 * the host does when one of them misbehaves. Thread-safe if the real store and the wrapper are.
 */
// The storage SPI's types are in the signatures; core is a static dependency, as for TaskStoreContract.
@SuppressWarnings("exports")
public final class WrappedStoreProvider implements TaskStoreProvider {
    private final TaskStoreProvider real;
    private final String name;
    private final UnaryOperator<OwnerStore> wrap;

    private WrappedStoreProvider(TaskStoreProvider real, String name, UnaryOperator<OwnerStore> wrap) {
        this.real = real;
        this.name = name;
        this.wrap = wrap;
    }

    /**
     * A provider that opens {@code real} and hands out its owner stores through {@code wrap}.
     *
     * @param name what the wrapping does, for the provider's name in logs
     */
    public static WrappedStoreProvider wrapping(TaskStoreProvider real, String name, UnaryOperator<OwnerStore> wrap) {
        return new WrappedStoreProvider(real, name, wrap);
    }

    @Override
    public String name() {
        return name + " over " + real.name();
    }

    @Override
    public TaskStore open(StoreContext context) {
        TaskStore store = real.open(context);
        return new TaskStore() {
            @Override
            public List<String> owners() {
                return store.owners();
            }

            @Override
            public OwnerStore owner(String ownerId) {
                return wrap.apply(store.owner(ownerId));
            }

            @Override
            public boolean shared() {
                return store.shared();
            }

            @Override
            public void listen(ReadyListener listener) {
                store.listen(listener);
            }

            @Override
            public void beat(HostBeat beat) {
                store.beat(beat);
            }

            @Override
            public void forgetHost(String hostId) {
                store.forgetHost(hostId);
            }

            @Override
            public List<LiveHost> liveHosts() {
                return store.liveHosts();
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }
}
