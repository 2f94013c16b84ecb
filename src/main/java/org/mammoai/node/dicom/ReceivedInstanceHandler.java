package org.mammoai.node.dicom;

import com.pixelmed.network.ReceivedObjectHandler;
import java.io.IOException;
import java.nio.file.Path;
import org.jboss.logging.Logger;
import org.mammoai.node.store.InstanceStore;
import org.mammoai.node.store.MalformedInstanceException;
import org.mammoai.node.store.ObjectLimits;
import org.mammoai.node.store.SpoolFullException;
import org.mammoai.node.store.SpoolSpace;
import org.mammoai.node.store.StoredInstance;

/**
 * PixelMed calls this after writing a received object and before it answers; we store it here, so that Success
 * means stored. An object we refuse, or cannot store, gets a failure status in its C-STORE-RSP (written over
 * PixelMed's Success by {@link StoreStatusRewriter}) and the association goes on with the sender's next object.
 * One per association.
 */
final class ReceivedInstanceHandler extends ReceivedObjectHandler {
    private static final Logger LOG = Logger.getLogger(ReceivedInstanceHandler.class);

    private final InstanceStore store;
    private final ReceiveMetrics metrics;
    private final ObjectLimits limits;
    private final SpoolSpace space;
    private final StoreStatusRewriter response;

    ReceivedInstanceHandler(InstanceStore store, ReceiveMetrics metrics, ObjectLimits limits, SpoolSpace space, StoreStatusRewriter response) {
        this.store = store;
        this.metrics = metrics;
        this.limits = limits;
        this.space = space;
        this.response = response;
    }

    @Override
    public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAeTitle) {
        try {
            StoredInstance stored = store.accept(Path.of(fileName), callingAeTitle, limits);
            metrics.instanceStored(stored.sizeBytes);
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
