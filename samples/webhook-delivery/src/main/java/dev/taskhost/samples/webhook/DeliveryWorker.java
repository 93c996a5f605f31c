package dev.taskhost.samples.webhook;

import dev.taskhost.api.Task;
import dev.taskhost.api.TaskWorker;

/** Delivers one queued webhook: a refused delivery throws, so that the host retries it. */
final class DeliveryWorker implements TaskWorker {
    private final SimulatedEndpoint endpoint;

    DeliveryWorker(SimulatedEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String execute(Task task) throws Exception {
        return endpoint.deliver(WebhookDelivery.fromPayload(task.payload()), task.attempt());
    }
}
