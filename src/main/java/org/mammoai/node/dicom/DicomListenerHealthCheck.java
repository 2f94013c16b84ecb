package org.mammoai.node.dicom;

import org.mammoai.node.config.NodeConfigStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class DicomListenerHealthCheck implements HealthCheck {
    private final DicomListener listener;
    private final NodeConfigStore configs;

    public DicomListenerHealthCheck(DicomListener listener, NodeConfigStore configs) {
        this.listener = listener;
        this.configs = configs;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dicom-scp").status(listener.isListening())
                .withData("aeTitle", configs.current().ae().aeTitle())
                .withData("port", configs.current().ae().connection().port()).build();
    }
}
