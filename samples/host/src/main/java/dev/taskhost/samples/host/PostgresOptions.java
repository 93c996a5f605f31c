package dev.taskhost.samples.host;

import dev.taskhost.samples.host.internal.StoreChoice;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that point a command at a PostgreSQL server instead of a data directory's SQLite store. */
final class PostgresOptions {
    /** Read when {@code --pg-password} is not given, so that the password need not be on the command line. */
    static final String PASSWORD_VARIABLE = "TASKHOST_POSTGRES_PASSWORD";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--postgres", paramLabel = "URL",
            description = "Use the PostgreSQL server at this JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE; user and "
                    + "password may be given as ?user=...&password=...), schema taskhost, instead of SQLite.")
    private Optional<String> url = Optional.empty();

    @Option(names = "--pg-user", paramLabel = "USER", description = "The PostgreSQL user (with --postgres).")
    private Optional<String> user = Optional.empty();

    @Option(names = "--pg-password", paramLabel = "PASSWORD",
            description = "The PostgreSQL password (with --postgres); default: the environment variable "
                    + PASSWORD_VARIABLE + ", if set.")
    private Optional<String> password = Optional.empty();

    /** Whether {@code --postgres} was given. */
    boolean given() {
        return url.isPresent();
    }

    /**
     * The PostgreSQL store, if {@code --postgres} was given.
     *
     * @throws ParameterException if the URL is no PostgreSQL JDBC URL, or a user or password comes without it
     */
    Optional<StoreChoice> store(int poolSize) {
        if (url.isEmpty()) {
            if (user.isPresent() || password.isPresent()) {
                throw new ParameterException(spec.commandLine(), "--pg-user and --pg-password need --postgres URL");
            }
            return Optional.empty();
        }
        Optional<String> secret = password.or(() -> Optional.ofNullable(System.getenv(PASSWORD_VARIABLE)));
        try {
            return Optional.of(StoreChoice.postgres(url.get(), user, secret, poolSize));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
