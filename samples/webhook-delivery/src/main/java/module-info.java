/**
 * Sample plugin: delivers webhook events to a simulated endpoint that fails a few attempts before
 * it answers, so that the queue's retries with exponential backoff do the work. Exports nothing: the
 * host finds the plugin through the service it provides.
 */
module dev.taskhost.samples.webhook {
    requires dev.taskhost.api;

    provides dev.taskhost.api.plugin.TaskPlugin with dev.taskhost.samples.webhook.WebhookDeliveryPlugin;
}
