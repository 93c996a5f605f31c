package dev.taskhost.bench;

import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.store.postgres.PostgresTaskStoreProvider;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;

/**
 * How the benchmark builds its hosts on PostgreSQL: the real host on the PostgreSQL store, with its
 * default pool. Several hosts on one schema are several {@link TaskHost} instances in this JVM, each
 * with a store (pool and listening connection) of its own: they share nothing but the database.
 */
final class PgHosts {

    private PgHosts() {
    }

    /** A host on the PostgreSQL store in {@code schema} of {@code server}, picked explicitly. */
    static TaskHost open(PgServer server, String schema) {
        return TaskHost.builder().store(provider(server, schema)).build();
    }

    /**
     * A host that enqueues into {@code queue} but never claims from it: its store answers every claim
     * of that queue with nothing, so the other hosts run its tasks, woken by its notifications.
     */
    static TaskHost producer(PgServer server, String schema, String queue) {
        PostgresTaskStoreProvider real = provider(server, schema);
        TaskStoreProvider wrapped = new TaskStoreProvider() {
            @Override
            public String name() {
                return "postgres-producer";
            }

            @Override
            public TaskStore open(StoreContext context) {
                TaskStore store = real.open(context);
                // Every call passed through but owner(), whose stores claim nothing from the queue. Not
                // testkit's WrappedStoreProvider: its optional JUnit would have to be on this module path.
                return forwarding(TaskStore.class, store, (method, args) -> method.getName().equals("owner")
                        ? Optional.of(noClaims((OwnerStore) method.invoke(store, args), queue)) : Optional.empty());
            }
        };
        return TaskHost.builder().store(wrapped).build();
    }

    /**
     * {@code store} with every call passed through, except that claims from {@code queue} claim nothing
     * (outcomes handed to {@code recordThenClaim} are still recorded), and say the queue is full, as a
     * store says when other hosts' runs take its concurrency: the host waits to be woken rather than
     * looking again and again for the ready task that only the other host may start.
     */
    private static OwnerStore noClaims(OwnerStore store, String queue) {
        ClaimResult nothing = new ClaimResult(List.of(), Optional.empty(), false, true);
        return forwarding(OwnerStore.class, store, (method, args) -> {
            boolean claim = method.getName().equals("claim") || method.getName().equals("recordThenClaim");
            if (!claim || !((ClaimRequest) args[args.length - 1]).queueName().equals(queue)) {
                return Optional.empty();
            }
            if (args.length == 2 && !((List<?>) args[0]).isEmpty()) {
                @SuppressWarnings("unchecked")
                List<Outcome> outcomes = (List<Outcome>) args[0];
                store.record(outcomes);
            }
            return Optional.of(nothing);
        });
    }

    /** What a forwarding proxy answers itself instead of passing the call on, if anything. */
    @FunctionalInterface
    private interface Answer {
        Optional<Object> answer(Method method, Object[] args) throws ReflectiveOperationException;
    }

    /**
     * {@code target} behind a proxy of {@code type} that passes every call on, default methods and
     * methods added to the SPI later included, except those {@code answer} answers itself.
     */
    private static <T> T forwarding(Class<T> type, T target, Answer answer) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                Optional<Object> own = answer.answer(method, args);
                return own.isPresent() ? own.get() : method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(PgHosts.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static PostgresTaskStoreProvider provider(PgServer server, String schema) {
        return PostgresTaskStoreProvider.builder()
                .jdbcUrl(server.url()).user(server.user()).password(server.password())
                .schema(schema)
                .build();
    }

    /** The store's pool, in words for the report. */
    static String describe() {
        return "task-store-postgres with its own HikariCP pool of " + PostgresTaskStoreProvider.DEFAULT_POOL_SIZE
                + " (the default) and one listening connection per host; a schema of its own per scenario; several "
                + "hosts are TaskHost instances in one JVM, each with its own store, pool and listener";
    }
}
