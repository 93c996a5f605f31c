package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input suite: each row an input, and the exact exception class and message fragment it must
 * get, or how it must work; after each row, every task stored before is checked to be as it was. Rows
 * come from {@link BadInputTables}, {@link BadSettingsTables} and {@link EdgeSettingsTable}; each runs on a fresh
 * {@link StoredTasks}.
 */
class BadInputSuiteTest {
    private static final Map<String, AtomicInteger> ROWS = new ConcurrentHashMap<>();
    private static final AtomicInteger INTACT_CHECKS = new AtomicInteger();

    @TempDir
    Path data;

    private StoredTasks stored;

    @BeforeEach
    void storeTasks() throws InterruptedException {
        stored = StoredTasks.open(data);
    }

    @AfterEach
    void close() {
        stored.close();
    }

    @AfterAll
    static void printFigures() {
        System.out.printf("bad input suite: rows run %d (%s), stored tasks found intact after each (%d checks)%n",
                ROWS.values().stream().mapToInt(AtomicInteger::get).sum(),
                ROWS.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).sorted()
                        .collect(Collectors.joining(", ")),
                INTACT_CHECKS.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadInputTables#queueNames")
    void r5_queueNames(BadInput row) throws Exception {
        check("queue names", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadInputTables#payloads")
    void r10_payloads(BadInput row) throws Exception {
        check("payloads", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadInputTables#taskIds")
    void r2_taskIds(BadInput row) throws Exception {
        check("task ids", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadSettingsTables#configs")
    void r7_r13_r14_r15_r21_config(BadInput row) throws Exception {
        check("config", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadSettingsTables#storage")
    void r23_storage(BadInput row) throws Exception {
        check("storage", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadSettingsTables#workers")
    void r15_r24_workers(BadInput row) throws Exception {
        check("workers", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.EdgeSettingsTable#hostSettings")
    void r33_r37_hostSettings(BadInput row) throws Exception {
        check("host settings", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadFeatureInputTables#keys")
    void r43_keys(BadInput row) throws Exception {
        check("keys", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadFeatureInputTables#priorities")
    void r42_priorities(BadInput row) throws Exception {
        check("priorities", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadFeatureInputTables#runTimes")
    void r41_runTimes(BadInput row) throws Exception {
        check("run times", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadFeatureInputTables#queueControl")
    void r2_r44_r45_r47_r49_queueControl(BadInput row) throws Exception {
        check("queue control", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadFeatureInputTables#progress")
    void r48_progress(BadInput row) throws Exception {
        check("progress", row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.taskhost.integration.BadFeatureInputTables#schedules")
    void r50_r53_r54_schedules(BadInput row) throws Exception {
        check("schedules", row);
    }

    private void check(String table, BadInput row) throws Exception {
        if (row.expected().isPresent()) {
            Throwable thrown = assertThrows(Throwable.class, () -> row.call().run(stored));
            assertEquals(row.expected().get(), thrown.getClass(), () -> "threw " + thrown);
            assertTrue(String.valueOf(thrown.getMessage()).contains(row.fragment()),
                    () -> "the message '" + thrown.getMessage() + "' lacks '" + row.fragment() + "'");
        } else {
            row.call().run(stored);
        }
        row.afterwards().run(stored);
        stored.requireIntact(row.intactOwners());
        INTACT_CHECKS.incrementAndGet();
        ROWS.computeIfAbsent(table, name -> new AtomicInteger()).incrementAndGet();
    }

}
