package dev.taskhost.samples.webhook;

import java.util.ArrayList;
import java.util.List;

/** The events a shop would send to its partners' endpoints. */
final class SampleEvents {
    private static final String[] TYPES = {"order.created", "order.paid", "invoice.sent", "parcel.shipped"};
    private static final String[] ENDPOINTS = {
        "https://erp.example/hooks/orders",
        "https://crm.example/webhooks",
        "https://courier.example/api/hooks",
    };

    private SampleEvents() {
    }

    /** The first {@code count} events; the same ones on every call. */
    static List<WebhookDelivery> batch(int count) {
        List<WebhookDelivery> batch = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String type = TYPES[(i - 1) % TYPES.length];
            String body = "{\"event\":\"" + type + "\",\"order\":" + (1000 + i) + "}";
            batch.add(new WebhookDelivery(ENDPOINTS[(i - 1) % ENDPOINTS.length], body));
        }
        return List.copyOf(batch);
    }
}
