package org.mammoai.node.dicom;

import com.pixelmed.network.ReceivedObjectHandler;
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
 * PixelMed calls this after writing a received object and before it answers; we store it here, so that Success
 * means durably stored. An object we refuse, or cannot store, gets a failure status in its C-STORE-RSP (written over
 * PixelMed's Success by {@link StoreStatusRewriter}) and the association goes on with the sender's next object.
 * Its A-RELEASE-RP waits until what it stored is cataloged ({@link #awaitCataloged}). One per association.
 */
final class ReceivedInstanceHandler extends ReceivedObjectHandler {
    private static final Logger LOG = Logger.getLogger(ReceivedInstanceHandler.class);
    private static final Duration CATALOG_WAIT = Duration.ofSeconds(30);

    private final InstanceStore store;
    private final ReceiveMetrics metrics;
    private final ObjectLimits limits;
    private final SpoolSpace space;
    private final StoreStatusRewriter response;
    private volatile long lastTicket;

    ReceivedInstanceHandler(InstanceStore store, ReceiveMetrics metrics, ObjectLimits limits, SpoolSpace space, StoreStatusRewriter response) {
        this.store = store;
        this.metrics = metrics;
        this.limits = limits;
        this.space = space;
        this.response = response;
        response.beforeRelease(this::awaitCataloged);
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

    @Override
    public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAeTitle) {
        try {
            InstanceStore.Accepted stored = store.accept(Path.of(fileName), callingAeTitle, limits);
            lastTicket = stored.ticket();
            metrics.instanceStored(stored.sizeBytes());
        } catch (MalformedInstanceException e) { // quarantined with the reason by the store
            metrics.instanceFailed();
            response.failNextStore(StoreStatusRewriter.CANNOT_UNDERSTAND);
        } catch (IOException | RuntimeException e) {
            metrics.instanceFailed();
            int status = e instanceof SpoolFullException || !space.hasRoom() ? StoreStatusRewriter.OUT_OF_RESOURCES : StoreStatusRewriter.PROCESSING_FAILURE;
            response.failNextStore(status);
            LOG.errorf("Could not store an object from %s, answered status 0x%04X: %s", callingAeTitle, status, e.getMessage());
        }
    }
}
