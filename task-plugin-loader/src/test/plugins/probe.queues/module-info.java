module probe.queues {
    requires dev.taskhost.api;
    provides dev.taskhost.api.plugin.TaskPlugin with probe.queues.ServicePlugin, probe.queues.BudgetPlugin,
            probe.queues.BlockingPlugin, probe.queues.ThrowingPlugin, probe.queues.VictimPlugin,
            probe.queues.ThiefPlugin, probe.queues.CollectablePlugin;
}
