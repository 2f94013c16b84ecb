package org.mammoai.node.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready when the spool cannot take a mammogram study (~4 x 50 MB) any more. */
@Readiness
@ApplicationScoped
public class SpoolHealthCheck implements HealthCheck {
    private static final long MIN_FREE_BYTES = 256L << 20;
    private final Spool spool;

    public SpoolHealthCheck(Spool spool) {
        this.spool = spool;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            long free = Files.getFileStore(spool.root()).getUsableSpace();
            return HealthCheckResponse.named("spool")
                    .status(free >= MIN_FREE_BYTES && Files.isWritable(spool.root()))
                    .withData("freeBytes", free).build();
        } catch (IOException e) {
            return HealthCheckResponse.named("spool").down().withData("error", e.getMessage()).build();
        }
    }
}
