package org.mammoai.node.config;

import java.nio.file.Path;

/** The AE configuration file cannot be used; the message says where and why. */
public class InvalidNodeConfigException extends RuntimeException {
    public InvalidNodeConfigException(Path file, String problem) {
        super("Invalid DICOM configuration " + file + ": " + problem);
    }
}
