package org.mammoai.node.send;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.mammoai.node.config.Destination;
import org.mammoai.node.config.Device;
import org.mammoai.node.config.NodeConfigStore;
import org.mammoai.node.results.ResultFiles;

/** Sends due deliveries, one association per destination and transfer syntax per round. */
@ApplicationScoped
public class DeliveryWorker {
    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final int BATCH = 50;

    private final DeliveryQueue queue;
    private final DicomSender sender;
    private final NodeConfigStore configs;
    private final MeterRegistry metrics;

    private final ResultFiles resultFiles;

    public DeliveryWorker(DeliveryQueue queue, DicomSender sender, NodeConfigStore configs, MeterRegistry metrics, ResultFiles resultFiles) {
        this.resultFiles = resultFiles;
        this.queue = queue;
        this.sender = sender;
        this.configs = configs;
        this.metrics = metrics;
    }

    void onScheduled(@ObservesAsync DeliveriesScheduled event) {
        sendDue();
    }

    /** Synchronized: the poll and a just-released study must not both send the same due deliveries. */
    @Scheduled(every = "${mammo.send.poll:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void sendDue() {
        List<Delivery> due = queue.due(BATCH);
        Map<String, List<Delivery>> byDestination = due.stream().collect(Collectors.groupingBy(d -> d.destination, LinkedHashMap::new, Collectors.toList()));
        byDestination.forEach(this::sendTo);
    }

    private void sendTo(String destinationName, List<Delivery> deliveries) {
        Optional<Destination> destination = configs.current().destinations().stream().filter(d -> d.name().equals(destinationName)).findFirst();
        Map<Path, Delivery> byFile = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            Path file = resultFiles.resolve(d.filePath);
            if (destination.isEmpty()) {
                record(d, "destination '" + destinationName + "' is no longer in dicom-config");
            } else if (!Files.isRegularFile(file)) {
                record(d, "result file is missing: " + file);
            } else {
                byFile.put(file, d);
            }
        }
        if (byFile.isEmpty()) return;
        long start = System.nanoTime();
        List<DicomSender.Outcome> outcomes = sender.send(destination.get(), List.copyOf(byFile.keySet()));
        long nanos = System.nanoTime() - start;
        Timer.builder("mammo.send.time").description("one association to a destination, all its C-STOREs").tag("destination", destinationName)
                .publishPercentileHistogram().register(metrics).record(Duration.ofNanos(nanos));
        for (DicomSender.Outcome outcome : outcomes) {
            Delivery d = byFile.get(outcome.file());
            if (outcome.sent()) {
                queue.sent(d.id, nanos / 1_000_000);
                metrics.counter("mammo.send.sent", "destination", destinationName).increment();
            } else {
                record(d, outcome.error());
            }
        }
    }

    private void record(Delivery d, String error) {
        DeliveryState state = queue.failed(d.id, error);
        if (state == null) return; // dropped meanwhile: its result was replaced
        metrics.counter("mammo.send.failed", "destination", d.destination).increment();
        if (state == DeliveryState.DEAD) {
            LOG.errorf("Gave up sending %s %s to %s after %d attempts: %s", d.resultType, d.sopInstanceUid, d.destination,
                    d.attempts + 1, error);
        } else {
            LOG.warnf("Sending %s %s to %s failed (attempt %d), will retry: %s", d.resultType, d.sopInstanceUid,
                    d.destination, d.attempts + 1, error);
        }
    }
}
