package org.mammoai.node.dicom;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Loads dicom-config once at start; a bad file stops the node with the loader's message. */
public class NodeConfigProducer {

    @Produces
    @Singleton
    NodeConfig nodeConfig(@ConfigProperty(name = "mammo.dicom-config") Path file) {
        return NodeConfigLoader.load(file);
    }
}
