package org.mammoai.node.store;

import java.io.IOException;

/** The spool's disk is below its free-space minimum: the object is not stored (a DICOM sender is told: out of resources). */
public class SpoolFullException extends IOException {
    public SpoolFullException(String message) {
        super(message);
    }
}
