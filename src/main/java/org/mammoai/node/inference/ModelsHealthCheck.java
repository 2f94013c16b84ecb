package org.mammoai.node.inference;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.mammoai.node.imaging.Modality;

/** Ready only when every bundled model loads (a model folder that cannot be loaded keeps the node out of service). */
@Readiness
@ApplicationScoped
public class ModelsHealthCheck implements HealthCheck {
    private final ModelRegistry models;

    public ModelsHealthCheck(ModelRegistry models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("models").up();
        for (Modality m : Modality.values()) {
            try {
                models.forModality(m).ifPresentOrElse(l -> r.withData(m.name().toLowerCase(), l.info().name() + " " + l.version()),
                        () -> r.withData(m.name().toLowerCase(), "none bundled"));
            } catch (RuntimeException e) {
                r.down().withData(m.name().toLowerCase(), "cannot load: " + e.getMessage());
            }
        }
        return r.build();
    }
}
