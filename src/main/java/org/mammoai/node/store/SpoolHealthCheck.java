package org.mammoai.node.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready when the spool cannot take another study ({@link SpoolSpace}) or cannot be written. */
@Readiness
@ApplicationScoped
public class SpoolHealthCheck implements HealthCheck {
    private final Spool spool;
    private final SpoolSpace space;

    public SpoolHealthCheck(Spool spool, SpoolSpace space) {
        this.spool = spool;
        this.space = space;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            long free = space.freeBytes();
            return HealthCheckResponse.named("spool")
                    .status(free >= space.minFreeBytes() && Files.isWritable(spool.root()))
                    .withData("freeBytes", free).withData("minFreeBytes", space.minFreeBytes()).build();
        } catch (UncheckedIOException e) {
            return HealthCheckResponse.named("spool").down().withData("error", e.getMessage()).build();
        }
    }
}
