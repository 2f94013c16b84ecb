package org.mammoai.node.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Takes a file the DICOM layer has just received into an incoming folder and makes it a stored instance: header checked,
 * moved into place and durable on disk before {@link #accept} returns, because the caller answers the sender with
 * Success afterwards; cataloged (and queued for analysis) just after, in the background ({@link Cataloger}).
 */
@ApplicationScoped
public class InstanceStore {
    private static final Logger LOG = Logger.getLogger(InstanceStore.class);

    private final Spool spool;
    private final SpoolSpace space;
    private final Catalog catalog;
    private final Event<InstancesStored> stored;
    private final Cataloger cataloger;

    public InstanceStore(Spool spool, SpoolSpace space, Catalog catalog, Event<InstancesStored> stored, MeterRegistry registry) {
        this.spool = spool;
        this.space = space;
        this.catalog = catalog;
        this.stored = stored;
        this.cataloger = new Cataloger(this::catalog, Duration.ofMillis(500), Duration.ofSeconds(30), 8);
        // stored and acknowledged but not yet in the catalog: grows while the database is away
        registry.gauge("mammo.catalog.pending", cataloger, Cataloger::backlog);
    }

    /** A durable instance: its size, and the ticket {@link #awaitCataloged} waits for. */
    public record Accepted(long sizeBytes, long ticket) {}

    /**
     * @param received written by the receiver, named by {@link ReceivedFileNames} after the request's Affected SOP Instance UID
     * @throws MalformedInstanceException when the object is incomplete, inconsistent or over the limits; it is then in quarantine
     * @throws SpoolFullException when the spool's disk is below its minimum; the object is not stored
     */
    public Accepted accept(Path received, String callingAeTitle, ObjectLimits limits) throws MalformedInstanceException, IOException {
        InstanceHeader header;
        try {
            header = InstanceHeader.read(received);
            if (!received.getFileName().toString().equals(ReceivedFileNames.forUid(header.sopInstanceUid()))) {
                throw new MalformedInstanceException("SOP Instance UID in the data set differs from the C-STORE request's");
            }
            ReceivedObjectCheck.verify(received, header, limits);
        } catch (MalformedInstanceException e) {
            Path moved = spool.quarantine(received, "from " + callingAeTitle + ": " + e.getMessage());
            LOG.warnf("Rejected object from %s, moved to %s: %s", callingAeTitle, moved, e.getMessage());
            throw e;
        }
        if (!space.hasRoom()) { // the disk filled during the association: keep what is left for what is already stored
            throw new SpoolFullException("the spool's disk is below its free-space minimum (" + space.minFreeBytes() + " bytes)");
        }
        Path file = spool.commit(received, header.studyInstanceUid(), header.sopInstanceUid());
        long size = Files.size(file);
        long ticket = cataloger.submit(new Cataloger.Pending(header, file, size, callingAeTitle, Instant.now()));
        return new Accepted(size, ticket);
    }

    /**
     * Waits (at most {@code max}) until the instance with this ticket, and every one stored before it, is cataloged and
     * queued; false when the time ran out (the database away): they stay durable and are cataloged once it answers.
     */
    public boolean awaitCataloged(long ticket, Duration max) throws InterruptedException {
        return cataloger.awaitCataloged(ticket, max);
    }

    private void catalog(List<Cataloger.Pending> batch) {
        List<Catalog.Received> received = batch.stream()
                .map(p -> new Catalog.Received(p.header(), spool.relativize(p.file()), p.sizeBytes(), p.callingAeTitle(), p.receivedAt())).toList();
        List<Catalog.Recorded> recorded = received.size() == 1 ? List.of(catalog.record(received.get(0))) : catalog.recordAll(received);
        recorded.forEach(r -> spool.removeReplaced(r.replacedFilePath()));
        batch.forEach(p -> LOG.debugf("Stored %s from %s", p.header().sopInstanceUid(), p.callingAeTitle()));
        announce(batch.stream().map(p -> InstanceStored.of(p.header())).toList());
    }

    // after the DICOM listener has stopped (default priority 2500), while the database is still there
    void stop(@Observes @Priority(3000) ShutdownEvent event) throws InterruptedException {
        cataloger.stop(Duration.ofSeconds(10));
    }

    /** Tells the pipeline; its failure must not undo a stored instance (the pipeline re-scans at start). */
    private void announce(List<InstanceStored> instances) {
        try {
            stored.fire(new InstancesStored(instances));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Stored %d instance(s) (the first %s) but could not queue them for analysis; they are queued at the next start",
                    instances.size(), instances.get(0).sopInstanceUid());
        }
    }

    /**
     * Catalogs spool files the catalog lost (the embedded database does not fsync every commit, the
     * spool does): the spool is the record of what we acknowledged. Call before receiving.
     */
    public int recoverUncataloged() throws IOException {
        Set<String> known = new HashSet<>(QuarkusTransaction.requiringNew().call(() -> StoredInstance.getEntityManager()
                .createQuery("select i.sopInstanceUid from StoredInstance i", String.class).getResultList()));
        int recovered = 0;
        for (Path file : spool.storedFiles()) {
            if (known.contains(file.getFileName().toString())) {
                continue;
            }
            try {
                InstanceHeader header = InstanceHeader.read(file);
                String callingAe = header.sourceAeTitle() == null ? "" : header.sourceAeTitle();
                // a second copy of one instance (a re-send cut off before the first copy was removed) stays as it is
                catalog.record(new Catalog.Received(header, spool.relativize(file), Files.size(file), callingAe, Files.getLastModifiedTime(file).toInstant()));
                known.add(file.getFileName().toString());
                announce(List.of(InstanceStored.of(header)));
                recovered++;
            } catch (MalformedInstanceException e) {
                spool.quarantine(file, "found in the spool but unreadable: " + e.getMessage());
            }
        }
        return recovered;
    }
}
