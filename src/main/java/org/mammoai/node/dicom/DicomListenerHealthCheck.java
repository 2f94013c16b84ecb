package org.mammoai.node.dicom;

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
                .withData("aeTitle", configs.current().local().aeTitle())
                .withData("port", configs.current().local().port()).build();
    }
}
