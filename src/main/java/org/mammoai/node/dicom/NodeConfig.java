package org.mammoai.node.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.mammoai.node.store.ObjectLimits;

/** The node's AE configuration, as hospital IT writes it in dicom-config/node.yaml. */
public record NodeConfig(LocalAe local, Set<String> allowedCallingAeTitles, List<Destination> destinations, Tls tls) {

    public NodeConfig(LocalAe local, Set<String> allowedCallingAeTitles, List<Destination> destinations) {
        this(local, allowedCallingAeTitles, destinations, null);
    }

    /**
     * DICOM over TLS (the BCP 195 profile), on its own port beside the plain one: the node's key and certificate,
     * and the certificates it trusts, for callers (required when requireClientCertificate) and for destinations
     * sent to with tls: true.
     */
    public record Tls(int port, Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
                      boolean requireClientCertificate) {}

    /** This node as a DICOM application entity. */
    public record LocalAe(String aeTitle, String bindAddress, int port, int maxAssociations,
                          int idleTimeoutSeconds, int maxPduLength, long maxPixelsPerFrame) {

        public LocalAe(String aeTitle, String bindAddress, int port, int maxAssociations, int idleTimeoutSeconds, int maxPduLength) {
            this(aeTitle, bindAddress, port, maxAssociations, idleTimeoutSeconds, maxPduLength, ObjectLimits.DEFAULT_MAX_PIXELS_PER_FRAME);
        }

        /** What one received object may be (checked before Success). */
        public ObjectLimits objectLimits() {
            return new ObjectLimits(maxPixelsPerFrame);
        }
    }

    /** A peer we send results to; {@code results} names the result types it wants (SEG, SR, ...). */
    public record Destination(String name, String aeTitle, String host, int port, List<String> results, boolean tls) {
        public Destination(String name, String aeTitle, String host, int port, List<String> results) {
            this(name, aeTitle, host, port, results, false);
        }
    }

    public boolean isAllowedCaller(String callingAeTitle) {
        return allowedCallingAeTitles.contains(callingAeTitle);
    }
}
