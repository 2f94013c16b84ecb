package org.mammoai.node.send;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** Deliveries in each state at /q/metrics (mammo.deliveries{state=pending|sent|dead}): pending is the send queue's depth. */
@Startup
@ApplicationScoped
public class DeliveryMetrics {
    public DeliveryMetrics(MeterRegistry registry) {
        for (DeliveryState state : DeliveryState.values()) {
            registry.gauge("mammo.deliveries", Tags.of("state", state.name().toLowerCase()), state,
                    s -> QuarkusTransaction.requiringNew().call(() -> (double) Delivery.count("state", s)));
        }
    }
}
