module probe.noprovider {
    requires dev.taskhost.api;
}
