package org.mammoai.node.config;

import java.nio.file.Path;

/**
 * The node's key and certificate, and the certificates it trusts: for callers on the TLS connection (required when
 * requireClientCertificate) and for destinations reached over TLS.
 */
public record TlsMaterial(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
                          boolean requireClientCertificate) {}
