package org.mammoai.node.config;

/** Verifies a destination with a C-ECHO (implemented by the sending side, which owns our outgoing associations). */
public interface DestinationEcho {
    /** @return null when the destination answered, else why not */
    String echo(Destination destination);
}
