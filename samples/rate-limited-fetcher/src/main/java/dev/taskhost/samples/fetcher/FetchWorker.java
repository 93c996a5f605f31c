package dev.taskhost.samples.fetcher;

import dev.taskhost.api.Task;
import dev.taskhost.api.TaskWorker;

/** Fetches one queued page: a refused or timed-out fetch fails the attempt, so that the host retries it. */
final class FetchWorker implements TaskWorker {
    private final SimulatedCatalogApi api;

    FetchWorker(SimulatedCatalogApi api) {
        this.api = api;
    }

    @Override
    public String execute(Task task) throws Exception {
        return api.fetch(PageRequest.fromPayload(task.payload()));
    }
}
