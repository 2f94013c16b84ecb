package org.mammoai.node.dicom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** Counters for what the receiver does; exported at /q/metrics. */
@ApplicationScoped
public class ReceiveMetrics {
    private final MeterRegistry registry;
    private final Counter instances;
    private final Counter bytes;
    private final Counter failed;
    private final Counter accepted;
    private final Timer storeTime;
    private final AtomicInteger active = new AtomicInteger();

    public ReceiveMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.instances = registry.counter("mammo.dicom.instances.received");
        this.bytes = registry.counter("mammo.dicom.bytes.received");
        this.failed = registry.counter("mammo.dicom.instances.failed");
        this.accepted = registry.counter("mammo.dicom.associations.accepted");
        registry.gauge("mammo.dicom.associations.active", active);
        // what a sender waits for after its last byte: a slow or failing spool disk shows here first
        this.storeTime = Timer.builder("mammo.dicom.store.time")
                .description("from an object's last byte to its C-STORE response: checks, move into place, fsync")
                .publishPercentileHistogram().register(registry);
    }

    void storeTime(long nanos) {
        storeTime.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void instanceStored(long sizeBytes) {
        instances.increment();
        bytes.increment(sizeBytes);
    }

    void instanceFailed() {
        failed.increment();
    }

    void associationRejected(AssociateReject reason) {
        registry.counter("mammo.dicom.associations.rejected", "reason", reason.tag()).increment();
    }

    void associationStarted() {
        accepted.increment();
        active.incrementAndGet();
    }

    void associationEnded() {
        active.decrementAndGet();
    }
}
