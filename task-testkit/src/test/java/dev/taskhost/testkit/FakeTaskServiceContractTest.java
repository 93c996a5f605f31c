package dev.taskhost.testkit;

import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The task service contract against {@link FakeTaskService}: one fake per owner, all on one clock.
 * R2 holds because the fakes share nothing.
 */
class FakeTaskServiceContractTest extends TaskServiceContract {

    private final ManualClock clock = ManualClock.create();
    private final List<FakeTaskService> services = new CopyOnWriteArrayList<>();

    @Override
    protected TaskService newService(String owner, int maxConcurrency, TaskWorker worker) {
        FakeTaskService service = FakeTaskService.builder()
                .owner(owner)
                .maxConcurrency(maxConcurrency)
                .worker(worker)
                .clock(clock)
                .build();
        services.add(service);
        return service;
    }

    @Override
    protected ManualClock clock() {
        return clock;
    }

    /** Until a round over every fake runs nothing: a worker of one may have enqueued into another. */
    @Override
    protected void runUntilIdle() {
        int ran;
        do {
            ran = 0;
            for (FakeTaskService service : services) {
                ran += service.runDue();
            }
        } while (ran > 0);
    }
}
