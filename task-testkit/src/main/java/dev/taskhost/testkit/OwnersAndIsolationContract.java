package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The task service contract for SPEC's section "Owners and isolation" (R1 to R4): what every
 * {@link dev.taskhost.api.TaskService} must do there. Every implementation runs it as a nested class
 * of {@link TaskServiceContract}; see there how the tests are written.
 */
public abstract class OwnersAndIsolationContract extends ContractSection {

    /** @param contract the implementation's contract, which makes the services and moves the clock */
    protected OwnersAndIsolationContract(TaskServiceContract contract) {
        super(contract);
    }

    /**
     * R1: two owners may both have a queue of one name, and neither sees nor clears the other's tasks.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r1_sameQueueNameUnderTwoOwnersIsIsolated() throws Exception {
        Recorder alphaWorker = new Recorder(Recorder::done);
        Recorder betaWorker = new Recorder(Recorder::done);
        TaskService alpha = newService("alpha", 1, alphaWorker);
        TaskService beta = newService("beta", 1, betaWorker);
        alpha.createQueue("sync", held());
        beta.createQueue("sync", held());
        alpha.enqueue("sync", bytes("alpha-1"));
        beta.enqueue("sync", bytes("beta-1"));
        runUntilIdle();
        String alphaPending = alpha.enqueue("sync", bytes("alpha-2"));
        String betaPending = beta.enqueue("sync", bytes("beta-2"));

        assertEquals(1, alpha.clearQueue("sync"));
        assertEquals(TaskStatus.PENDING, beta.get(betaPending).status());
        advance(HOLD);

        assertEquals(List.of("alpha-1"), alphaWorker.payloads());
        assertEquals(List.of("beta-1", "beta-2"), betaWorker.payloads());
        assertEquals(TaskStatus.CANCELLED, alpha.get(alphaPending).status());
        assertEquals(TaskStatus.COMPLETED, beta.get(betaPending).status());
    }

    /**
     * R2: get and cancel on another owner's task id fail exactly as on an unknown id.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r2_anotherOwnersTaskIdIsNotFound() throws Exception {
        TaskService alpha = newService("alpha", 1, new Recorder(Recorder::done));
        TaskService beta = newService("beta", 1, new Recorder(Recorder::done));
        alpha.createQueue("q", held());
        beta.createQueue("q", held());
        String finished = alpha.enqueue("q", bytes("first"));
        runUntilIdle();
        String pending = alpha.enqueue("q", bytes("second"));
        String unknown = "AAAAAAAAAAAAAAAAAAAAAA";
        String unknownGet = assertThrows(TaskNotFoundException.class, () -> beta.get(unknown)).getMessage();
        String unknownCancel = assertThrows(TaskNotFoundException.class, () -> beta.cancel(unknown)).getMessage();

        for (String id : List.of(finished, pending)) {
            String get = assertThrows(TaskNotFoundException.class, () -> beta.get(id)).getMessage();
            String cancel = assertThrows(TaskNotFoundException.class, () -> beta.cancel(id)).getMessage();
            assertEquals(unknownGet.replace(unknown, "<id>"), get.replace(id, "<id>"), "get leaks existence");
            assertEquals(unknownCancel.replace(unknown, "<id>"), cancel.replace(id, "<id>"),
                    "cancel leaks existence");
        }
        assertEquals(TaskStatus.COMPLETED, alpha.get(finished).status());
        assertEquals(TaskStatus.PENDING, alpha.get(pending).status());
    }

    /** R3: an owner id must match {@code [a-z0-9][a-z0-9._-]{0,63}}. */
    @Test
    public void r3_badOwnerIdIsRefused() {
        for (String bad : List.of("Bad Owner", "", "Upper", "-dash-first", ".dot-first", "_first",
                "a".repeat(65), "with/slash", "tab\tname", "ünïcode")) {
            assertThrows(IllegalArgumentException.class, () -> newService(bad, 1, new Recorder(Recorder::done)),
                    () -> "owner id '" + bad + "'");
        }
    }

    /**
     * R3: owner ids that match the pattern, up to 64 characters, are accepted.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r3_goodOwnerIdsAreAccepted() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        List<String> owners = List.of("a", "0", "my-plugin", "plugin_1.2", "a".repeat(64));
        for (String owner : owners) {
            TaskService service = newService(owner, 1, worker);
            service.createQueue("q", QueueConfig.defaults());
            service.enqueue("q", bytes(owner));
        }
        runUntilIdle();
        assertEquals(Set.copyOf(owners), Set.copyOf(worker.payloads()));
    }

    /**
     * R4: the budget is shared by all the owner's queues; a queue asking for more than what is left
     * gets what is left; with nothing left, createQueue fails saying {@code N/M} is allocated.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r4_budgetIsSharedByAllQueuesOfTheOwner() throws Exception {
        InFlight worker = new InFlight();
        TaskService service = newService("alpha", 3, worker);
        service.createQueue("two", QueueConfig.builder().concurrency(2).build());
        service.createQueue("rest", QueueConfig.builder().concurrency(5).build());

        IllegalStateException exhausted = assertThrows(IllegalStateException.class,
                () -> service.createQueue("none", QueueConfig.defaults()));
        assertTrue(exhausted.getMessage().contains("3/3"), exhausted.getMessage());
        assertThrows(QueueNotFoundException.class, () -> service.enqueue("none", bytes("x")));

        for (int i = 0; i < 6; i++) {
            service.enqueue("two", bytes("two-" + i));
            service.enqueue("rest", bytes("rest-" + i));
        }
        runUntilIdle();
        assertEquals(12, worker.ran());
        assertTrue(worker.most("rest") <= 1, "'rest' got only what was left of the budget: 1");
        assertTrue(worker.most("two") <= 2);
    }

    /** R4: with the default budget of 1, the second queue finds the budget exhausted, 1/1. */
    @Test
    public void r4_defaultBudgetOfOneAllowsOneQueue() {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("first", QueueConfig.builder().concurrency(3).build());
        IllegalStateException exhausted = assertThrows(IllegalStateException.class,
                () -> service.createQueue("second", QueueConfig.defaults()));
        assertTrue(exhausted.getMessage().contains("1/1"), exhausted.getMessage());
    }
}
