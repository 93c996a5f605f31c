package dev.taskhost.testkit;

import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour every {@link TaskService} must show through the {@code TaskService} interface alone,
 * one or more tests per SPEC rule: R1 to R16, R18 to R21, R24 and R41 to R54. Extend it once per
 * implementation (the real host on each store, the {@link FakeTaskService}) so that none can drift
 * from the others.
 *
 * <p>The tests are grouped as SPEC groups its rules: one nested class per SPEC section, each
 * running the tests of a section class of its own file ({@link OwnersAndIsolationContract},
 * {@link QueuesContract}, {@link TasksContract}, {@link CancelClearGetContract},
 * {@link ErrorsContract}, {@link EnqueueOptionsContract}, {@link QueueControlContract},
 * {@link SchedulesContract}), so that a
 * rule's tests are found where the rule lives. JUnit runs the nested classes of every subclass;
 * a subclass implements the three abstract methods below, and nothing else.
 *
 * <p>Not here: the rules that need a host restart, a crash, a shutdown, a broken store or plugins
 * (R17, R22, R23, R25 to R30). They are tested against the real host where it lives.
 *
 * <p>How the tests are written, so that they hold whether workers run on the test thread (the
 * fake) or on a pool of the host's, several at once: workers record what they see in thread-safe
 * collections, never wait for the test thread, and nothing asserts how long anything took. Time is
 * the {@link #clock() manual clock}'s, moved only by the tests; a task is held {@code PENDING} by
 * a queue's delay (R13) or a backoff (R14), never by a blocked worker. Only the timeout tests (R15)
 * depend on real time, as their rule is about it; a few workers sleep 20 ms so that a pool has the
 * chance to overlap runs (R4, R7, R12).
 *
 * <p>For each test, JUnit calls {@link #setUp()}, then the test, which calls
 * {@link #newService} for one or more owners, and then {@link #tearDown()}.
 */
public abstract class TaskServiceContract {

    /** For subclasses. */
    protected TaskServiceContract() {
    }

    /**
     * A service of a fresh owner with that budget, running its tasks with {@code worker} and reading
     * {@link #clock()}. Called several times in a test, each time for another owner; all the
     * services of a test share one backend (one host, one store).
     *
     * @throws IllegalArgumentException if the owner id breaks R3: the implementation must let it
     *     through unwrapped, as the R3 test expects it
     */
    protected abstract TaskService newService(String owner, int maxConcurrency, TaskWorker worker);

    /** The manual clock that every service of the current test reads; the tests move it. */
    protected abstract ManualClock clock();

    /**
     * Starts what is due at {@link #clock()}'s time and returns once nothing is running and nothing
     * can start without the clock moving. Fails the test (an {@link AssertionError}) if that does
     * not happen within a generous time.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    protected abstract void runUntilIdle() throws InterruptedException;

    /**
     * Opens a fresh backend for one test; called before each test. Override it instead of adding a
     * {@code @BeforeEach} of your own. Does nothing by default.
     *
     * @throws Exception to fail the test
     */
    protected void setUp() throws Exception {
    }

    /**
     * Closes what {@link #setUp()} opened; called after each test, even a failed one. Override it
     * instead of adding an {@code @AfterEach} of your own. Does nothing by default.
     *
     * @throws Exception to fail the test
     */
    protected void tearDown() throws Exception {
    }

    /**
     * Calls {@link #setUp()}; for JUnit.
     *
     * @throws Exception what {@code setUp} throws
     */
    @BeforeEach
    public final void openBackend() throws Exception {
        setUp();
    }

    /**
     * Calls {@link #tearDown()}; for JUnit.
     *
     * @throws Exception what {@code tearDown} throws
     */
    @AfterEach
    public final void closeBackend() throws Exception {
        tearDown();
    }

    /** Owners and isolation (R1 to R4). */
    @Nested
    @DisplayName("Owners and isolation (R1 to R4)")
    public class OwnersAndIsolation extends OwnersAndIsolationContract {
        /** Runs the section against this implementation. */
        public OwnersAndIsolation() {
            super(TaskServiceContract.this);
        }
    }

    /** Queues (R5 to R8). */
    @Nested
    @DisplayName("Queues (R5 to R8)")
    public class Queues extends QueuesContract {
        /** Runs the section against this implementation. */
        public Queues() {
            super(TaskServiceContract.this);
        }
    }

    /** Tasks (R9 to R16). */
    @Nested
    @DisplayName("Tasks (R9 to R16)")
    public class Tasks extends TasksContract {
        /** Runs the section against this implementation. */
        public Tasks() {
            super(TaskServiceContract.this);
        }
    }

    /** Cancel, clear, get (R18 to R21). */
    @Nested
    @DisplayName("Cancel, clear, get (R18 to R21)")
    public class CancelClearGet extends CancelClearGetContract {
        /** Runs the section against this implementation. */
        public CancelClearGet() {
            super(TaskServiceContract.this);
        }
    }

    /** Shutdown and errors (R24, null arguments). */
    @Nested
    @DisplayName("Shutdown and errors (R24, null arguments)")
    public class Errors extends ErrorsContract {
        /** Runs the section against this implementation. */
        public Errors() {
            super(TaskServiceContract.this);
        }
    }

    /** Enqueue options and queue control: the enqueue options (R41 to R43). */
    @Nested
    @DisplayName("Enqueue options (R41 to R43)")
    public class EnqueueOptions extends EnqueueOptionsContract {
        /** Runs the section against this implementation. */
        public EnqueueOptions() {
            super(TaskServiceContract.this);
        }
    }

    /** Enqueue options and queue control: the queue control (R44 to R49). */
    @Nested
    @DisplayName("Queue control (R44 to R49)")
    public class QueueControl extends QueueControlContract {
        /** Runs the section against this implementation. */
        public QueueControl() {
            super(TaskServiceContract.this);
        }
    }

    /** Schedules (R50 to R54). */
    @Nested
    @DisplayName("Schedules (R50 to R54)")
    public class Schedules extends SchedulesContract {
        /** Runs the section against this implementation. */
        public Schedules() {
            super(TaskServiceContract.this);
        }
    }
}
