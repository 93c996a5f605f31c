package dev.taskhost.store.postgres.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL of one store: statement templates with the schema filled in, and the wake-up channel and
 * notification text of this store. Thread-safe.
 */
final class Statements {
    private final String schema;
    private final String channel;
    private final String instance;
    private final Map<String, String> filled = new ConcurrentHashMap<>();

    Statements(String quotedSchema, String channel, String instance) {
        this.schema = quotedSchema;
        this.channel = channel;
        this.instance = instance;
    }

    /** The template with {@code {S}} replaced by the quoted schema. */
    String sql(String template) {
        return filled.computeIfAbsent(template, t -> t.replace("{S}", schema));
    }

    /** The channel every host of the schema listens on (R39). */
    String channel() {
        return channel;
    }

    /** The notification that a queue of an owner may have ready tasks: who sent it, then owner/queue. */
    String note(String owner, String queue) {
        return instance + " " + owner + "/" + queue;
    }
}
