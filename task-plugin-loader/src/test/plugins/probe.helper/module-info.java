module probe.helper {
    exports probe.helper;
}
