/**
 * Sample plugin: fetches catalog pages from a simulated API that refuses requests closer together
 * than its rate limit, with a timeout per fetch. The queue's {@code delay} keeps the fetches under
 * the limit. Exports nothing: the host finds the plugin through the service it provides.
 */
module dev.taskhost.samples.fetcher {
    requires dev.taskhost.api;

    provides dev.taskhost.api.plugin.TaskPlugin with dev.taskhost.samples.fetcher.RateLimitedFetcherPlugin;
}
