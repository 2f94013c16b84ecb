package org.mammoai.node.config;

/** Where an AE listens or is reached: host (or bind address), port, and whether it speaks DICOM over TLS. */
public record Connection(String host, int port, boolean tls) {}
