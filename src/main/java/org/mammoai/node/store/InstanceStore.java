package org.mammoai.node.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Takes a file the DICOM layer has just received into an incoming folder and makes it a stored
 * instance: header checked, moved into place and durable on disk, cataloged. Returns only once all of that is done, because the
 * caller answers the sender with Success afterwards.
 */
@ApplicationScoped
public class InstanceStore {
    private static final Logger LOG = Logger.getLogger(InstanceStore.class);

    private final Spool spool;
    private final SpoolSpace space;
    private final Catalog catalog;
    private final Event<InstanceStored> stored;

    public InstanceStore(Spool spool, SpoolSpace space, Catalog catalog, Event<InstanceStored> stored) {
        this.spool = spool;
        this.space = space;
        this.catalog = catalog;
        this.stored = stored;
    }

    /**
     * @param received written by the receiver, named by {@link ReceivedFileNames} after the request's Affected SOP Instance UID
     * @throws MalformedInstanceException when the object is incomplete, inconsistent or over the limits; it is then in quarantine
     * @throws SpoolFullException when the spool's disk is below its minimum; the object is not stored
     */
    public StoredInstance accept(Path received, String callingAeTitle, ObjectLimits limits) throws MalformedInstanceException, IOException {
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
        Catalog.Recorded recorded = catalog.record(header, spool.relativize(file), Files.size(file), callingAeTitle, Instant.now());
        spool.removeReplaced(recorded.replacedFilePath());
        LOG.debugf("Stored %s from %s", header.sopInstanceUid(), callingAeTitle);
        announce(header);
        return recorded.instance();
    }

    /** Tells the pipeline; its failure must not undo a stored instance (the pipeline re-scans at start). */
    private void announce(InstanceHeader header) {
        try {
            stored.fire(new InstanceStored(header.sopInstanceUid(), header.studyInstanceUid(), header.modality(), header.sopClassUid()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Stored %s but could not queue it for analysis; it is queued at the next start", header.sopInstanceUid());
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
                catalog.record(header, spool.relativize(file), Files.size(file), callingAe, Files.getLastModifiedTime(file).toInstant());
                known.add(file.getFileName().toString());
                announce(header);
                recovered++;
            } catch (MalformedInstanceException e) {
                spool.quarantine(file, "found in the spool but unreadable: " + e.getMessage());
            }
        }
        return recovered;
    }
}
