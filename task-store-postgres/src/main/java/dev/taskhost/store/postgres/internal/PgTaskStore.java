package dev.taskhost.store.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.HostBeat;
import dev.taskhost.core.spi.LiveHost;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.ReadyListener;
import dev.taskhost.core.spi.TaskStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The PostgreSQL store: one schema for every owner, shared by every host that opens it (R35).
 * Thread-safe.
 */
public final class PgTaskStore implements TaskStore {

    /** How long getting a connection, or opening one, may take before the call fails (R40). */
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    /** How long one statement may run on the server before it is cancelled (R40). */
    static final int STATEMENT_TIMEOUT_SECONDS = 30;
    /** How long the driver waits on a silent socket: longer than any statement (R40). */
    static final int SOCKET_TIMEOUT_SECONDS = 60;

    private final StoreSettings settings;
    private final Optional<HikariDataSource> ownPool;
    private final Database database;
    private final Statements statements;
    private final String instance = UUID.randomUUID().toString();
    private final Map<String, PgOwnerStore> owners = new ConcurrentHashMap<>();
    private volatile ReadyChannel channel;
    private final Wakeups wakeups;
    private final TaskInserts inserts;
    private final Enqueues enqueues;
    private final PgHosts hosts;
    /** False for a store opened read-only on a schema older than the hosts table (version 3). */
    private volatile boolean hostsTable = true;
    private volatile boolean closed;

    private PgTaskStore(StoreSettings settings, Optional<HikariDataSource> ownPool, DataSource dataSource) {
        this.settings = settings;
        this.ownPool = ownPool;
        this.database = new Database(Daos.configure(Jdbi.create(dataSource), Schema.quoted(settings.schema())),
                settings.where(), settings.readOnly());
        this.statements = new Statements(Schema.quoted(settings.schema()), channelName(settings.schema()), instance);
        this.wakeups = new Wakeups(database, statements);
        this.inserts = new TaskInserts(database, statements);
        this.enqueues = new Enqueues(database, inserts);
        this.hosts = new PgHosts(database, statements);
    }

    /** The group commit of this store's enqueues. */
    Enqueues enqueues() {
        return enqueues;
    }

    /**
     * Opens the store: makes the pool for a URL, then migrates the schema (or, read-only, checks it).
     *
     * @throws TaskStoreException if the server cannot be reached or the schema is refused
     */
    public static PgTaskStore open(StoreSettings settings) {
        Optional<HikariDataSource> pool = settings.jdbcUrl().map(url -> makePool(settings, url));
        DataSource dataSource = pool.<DataSource>map(p -> p).or(settings::dataSource).orElseThrow();
        PgTaskStore store = new PgTaskStore(settings, pool, dataSource);
        try {
            store.prepareSchema();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static HikariDataSource makePool(StoreSettings settings, String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("taskhost-postgres-" + settings.schema());
        config.setJdbcUrl(url);
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        config.setValidationTimeout(2000);
        config.setDataSourceProperties(driverProperties(settings));
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new TaskStoreException(settings.where() + ": cannot connect: " + Database.rootMessage(e), e);
        }
    }

    /** The driver's settings that bound every wait on the server (R40). */
    static Properties driverProperties(StoreSettings settings) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("options", "-c statement_timeout=" + STATEMENT_TIMEOUT_SECONDS + "s");
        properties.setProperty("ApplicationName", "taskhost");
        return properties;
    }

    private void prepareSchema() {
        if (settings.readOnly()) {
            Optional<Integer> version = database.read("check the schema",
                    handle -> Schema.storedVersion(handle, settings.schema()));
            if (version.isEmpty()) {
                throw new TaskStoreException(database.where() + ": the schema holds no taskhost tables");
            }
            if (version.get() > Schema.VERSION) {
                throw new TaskStoreException(database.where() + ": the schema is at version " + version.get()
                        + ", newer than this code's " + Schema.VERSION + " (R23)");
            }
            // Hosts older than this code record no heartbeat: a view over their schema lists none.
            hostsTable = version.get() >= 3;
            return;
        }
        database.transaction("migrate the schema", handle -> {
            Schema.migrate(handle, settings.schema(), database.where());
            return null;
        });
    }

    /** The notification channel of a schema: one per schema, so that other schemas' hosts are not woken. */
    static String channelName(String schema) {
        return "taskhost_ready." + schema;
    }

    @Override
    public List<String> owners() {
        return database.read("list owners", handle -> handle.attach(QueueDao.class).owners())
                .stream().sorted().toList();
    }

    @Override
    public OwnerStore owner(String ownerId) {
        TaskLimits.requireOwnerId(ownerId);
        if (closed) {
            throw new TaskStoreException(database.where() + ": the store is closed");
        }
        return owners.computeIfAbsent(ownerId, id -> new PgOwnerStore(id, database, statements, wakeups, inserts, enqueues));
    }

    /** Returns {@code true}: any number of hosts may share the schema. */
    @Override
    public boolean shared() {
        return true;
    }

    /**
     * Listens for other hosts' wake-ups on a connection of its own, which reconnects by itself (R39,
     * R40). Notifications this store sent are not passed on.
     *
     * @throws IllegalStateException if a listener was set already
     */
    @Override
    public synchronized void listen(ReadyListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (channel != null) {
            throw new IllegalStateException("the store already has a ready listener");
        }
        if (closed) {
            throw new TaskStoreException(database.where() + ": the store is closed");
        }
        channel = ReadyChannel.start(this::listenConnection, channelName(settings.schema()), instance,
                listener, statements, database.where());
    }

    /** A connection for listening: outside the store's own pool, or from the application's data source. */
    private Connection listenConnection() throws SQLException {
        if (settings.jdbcUrl().isPresent()) {
            Properties properties = driverProperties(settings);
            // A listener waits on its socket by design: no socket timeout, the keepalive finds a dead peer.
            properties.remove("socketTimeout");
            settings.user().ifPresent(user -> properties.setProperty("user", user));
            settings.password().ifPresent(password -> properties.setProperty("password", password));
            Connection connection = new org.postgresql.Driver().connect(settings.jdbcUrl().get(), properties);
            if (connection == null) {
                throw new SQLException("the PostgreSQL driver does not accept " + settings.where());
            }
            return connection;
        }
        return settings.dataSource().orElseThrow().getConnection();
    }

    @Override
    public void beat(HostBeat beat) {
        hosts.beat(beat);
    }

    @Override
    public void forgetHost(String hostId) {
        hosts.forget(hostId);
    }

    @Override
    public List<LiveHost> liveHosts() {
        return hostsTable ? hosts.live() : List.of();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        wakeups.close();
        database.close();
        if (channel != null) {
            channel.close();
        }
        ownPool.ifPresent(pool -> {
            try {
                pool.close();
            } catch (JdbiException | IllegalStateException e) {
                throw new TaskStoreException(database.where() + ": closing the pool failed: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public String toString() {
        return "PgTaskStore[" + database.where() + "]";
    }
}
