package org.mammoai.node.dicom;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class DicomListenerHealthCheck implements HealthCheck {
    private final DicomListener listener;
    private final NodeConfig config;

    public DicomListenerHealthCheck(DicomListener listener, NodeConfig config) {
        this.listener = listener;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dicom-scp").status(listener.isListening())
                .withData("aeTitle", config.local().aeTitle())
                .withData("port", config.local().port()).build();
    }
}
