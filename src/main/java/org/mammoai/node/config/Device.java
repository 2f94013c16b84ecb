package org.mammoai.node.config;

import java.util.List;
import java.util.Optional;

/**
 * The node's DICOM configuration as one typed model, after dcm4che's Device / ApplicationEntity / Connection:
 * the device has one application entity (which owns its connections, accepted callers and limits), the TLS
 * material its connections use, and the destinations (each owning its connection and result types).
 * hospital IT writes it as dicom-config/node.yaml ({@link NodeConfigLoader}).
 *
 * @param tls null when no connection uses TLS
 */
public record Device(ApplicationEntity ae, TlsMaterial tls, List<Destination> destinations) {

    public Optional<Destination> destination(String name) {
        return destinations.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
