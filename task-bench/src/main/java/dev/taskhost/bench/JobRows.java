package dev.taskhost.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** The three hot statements on the plain {@link JobsTable}. Not thread-safe: one per thread and connection. */
final class JobRows implements RawRows {

    private final PreparedStatement insert;
    private final PreparedStatement claim;
    private final PreparedStatement finish;
    private final SplittableRandom random;

    /**
     * Prepares the statements on {@code connection} for {@code table}, which must exist; closing this
     * closes them, not the connection.
     *
     * @throws SQLException if the database fails
     */
    JobRows(Connection connection, JobsTable dialect, String table, long seed) throws SQLException {
        this.insert = connection.prepareStatement(dialect.insertSql(table));
        this.claim = connection.prepareStatement(dialect.claimSql(table));
        this.finish = connection.prepareStatement(dialect.finishSql(table));
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void insert(String queue, byte[] payload, long at) throws SQLException {
        insert.setString(1, Jdbc.newId(random));
        insert.setString(2, queue);
        insert.setBytes(3, payload);
        insert.setLong(4, at);
        insert.setLong(5, at);
        insert.executeUpdate();
    }

    @Override
    public Optional<Claimed> claim(String queue, long now) throws SQLException {
        claim.setLong(1, now);
        claim.setString(2, queue);
        claim.setLong(3, now);
        try (ResultSet row = claim.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            row.getBytes("payload");
            return Optional.of(new Claimed(row.getString("id"), row.getInt("attempt"), 0));
        }
    }

    @Override
    public void finish(Claimed task, long now) throws SQLException {
        finish.setLong(1, now);
        finish.setString(2, task.id());
        if (finish.executeUpdate() != 1) {
            throw new SQLException("job " + task.id() + " was not there to finish");
        }
    }

    @Override
    public void close() throws SQLException {
        Jdbc.closeAll(List.of(insert::close, claim::close, finish::close));
    }
}
