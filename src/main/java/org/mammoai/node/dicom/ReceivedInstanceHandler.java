package org.mammoai.node.dicom;

import com.pixelmed.dicom.DicomException;
import com.pixelmed.network.ReceivedObjectHandler;
import java.io.IOException;
import java.nio.file.Path;
import org.mammoai.node.store.InstanceStore;
import org.mammoai.node.store.MalformedInstanceException;
import org.mammoai.node.store.ObjectLimits;
import org.mammoai.node.store.StoredInstance;

/**
 * PixelMed calls this after writing a received object and before it answers Success; we store it
 * here so that Success means stored. An exception makes PixelMed drop the association without a
 * response, which the sender sees as a failed C-STORE.
 */
final class ReceivedInstanceHandler extends ReceivedObjectHandler {
    private final InstanceStore store;
    private final ReceiveMetrics metrics;
    private final ObjectLimits limits;

    ReceivedInstanceHandler(InstanceStore store, ReceiveMetrics metrics, ObjectLimits limits) {
        this.store = store;
        this.metrics = metrics;
        this.limits = limits;
    }

    @Override
    public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAeTitle)
            throws DicomException, IOException {
        try {
            StoredInstance stored = store.accept(Path.of(fileName), callingAeTitle, limits);
            metrics.instanceStored(stored.sizeBytes);
        } catch (MalformedInstanceException e) {
            metrics.instanceFailed();
            throw new DicomException("refused object from " + callingAeTitle + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            metrics.instanceFailed();
            throw e;
        }
    }
}
