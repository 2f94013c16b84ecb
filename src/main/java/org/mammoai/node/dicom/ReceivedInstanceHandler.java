package org.mammoai.node.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.mammoai.node.store.InstanceStore;
import org.mammoai.node.store.MalformedInstanceException;
import org.mammoai.node.store.ObjectLimits;
import org.mammoai.node.store.SpoolFullException;
import org.mammoai.node.store.SpoolSpace;

/**
 * Stores each object an association received, before its C-STORE-RSP, so that Success means durably stored. An
 * object we refuse, or cannot store, gets a failure status and the association goes on with the sender's next object.
 * Its A-RELEASE-RP waits until what it stored is cataloged ({@link #awaitCataloged}). One per association.
 */
final class ReceivedInstanceHandler {
    private static final Logger LOG = Logger.getLogger(ReceivedInstanceHandler.class);
    private static final Duration CATALOG_WAIT = Duration.ofSeconds(30);

    private final InstanceStore store;
    private final ReceiveMetrics metrics;
    private final ObjectLimits limits;
    private final SpoolSpace space;
    private long lastTicket;

    ReceivedInstanceHandler(InstanceStore store, ReceiveMetrics metrics, ObjectLimits limits, SpoolSpace space) {
        this.store = store;
        this.metrics = metrics;
        this.limits = limits;
        this.space = space;
    }

    /** Until the objects this association stored are in the catalog (bounded: they are durable either way). */
    void awaitCataloged() {
        try {
            if (lastTicket > 0 && !store.awaitCataloged(lastTicket, CATALOG_WAIT)) {
                LOG.warnf("Releasing an association before its objects are cataloged (waited %d s); they are stored and cataloged later",
                        CATALOG_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stores a received file (moved into the spool, or quarantined when refused); the status for its C-STORE-RSP. */
    int store(Path received, String callingAeTitle) {
        try {
            InstanceStore.Accepted stored = store.accept(received, callingAeTitle, limits);
            lastTicket = stored.ticket();
            metrics.instanceStored(stored.sizeBytes());
            return CommandSet.SUCCESS;
        } catch (MalformedInstanceException e) { // quarantined with the reason by the store
            metrics.instanceFailed();
            return CommandSet.CANNOT_UNDERSTAND;
        } catch (IOException | RuntimeException e) {
            return failed(e, callingAeTitle);
        }
    }

    /** How long a sender waited, after an object's last byte, for its response (stored or not). */
    void waited(long nanos) {
        metrics.storeTime(nanos);
    }

    /** An object that could not be stored (written, moved or flushed): out of resources when the disk is full. */
    int failed(Exception e, String callingAeTitle) {
        metrics.instanceFailed();
        int status = e instanceof SpoolFullException || !space.hasRoom() ? CommandSet.OUT_OF_RESOURCES : CommandSet.PROCESSING_FAILURE;
        LOG.errorf("Could not store an object from %s, answered status 0x%04X: %s", callingAeTitle, status, e.getMessage());
        return status;
    }
}
