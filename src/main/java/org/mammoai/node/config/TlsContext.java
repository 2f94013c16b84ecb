package org.mammoai.node.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The node's TLS, after the BCP 195 profile of DICOM (PS3.15 B.9): TLS 1.2 and 1.3 only, forward-secret AEAD cipher
 * suites only, our own SSLContext from the configured PKCS12 key store and trust store (never the JVM's defaults).
 */
public final class TlsContext {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"};

    private final SSLContext context;
    private final boolean requireClientCertificate;

    private TlsContext(SSLContext context, boolean requireClientCertificate) {
        this.context = context;
        this.requireClientCertificate = requireClientCertificate;
    }

    public static TlsContext create(TlsMaterial tls) throws GeneralSecurityException, IOException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(tls.keyStore(), tls.keyStorePassword()), tls.keyStorePassword().toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        // without a trust store nothing is trusted: no caller certificate and no destination passes
        trust.init(tls.trustStore() == null ? KeyStore.getInstance("PKCS12") : load(tls.trustStore(), tls.trustStorePassword()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return new TlsContext(context, tls.requireClientCertificate());
    }

    private static KeyStore load(Path file, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        if (store.size() == 0) throw new GeneralSecurityException(file + " holds no key or certificate");
        return store;
    }

    /** The listening side: BCP 195 parameters, a client certificate required when configured. */
    public javax.net.ssl.SSLServerSocket serverSocket() throws IOException {
        javax.net.ssl.SSLServerSocket s = (javax.net.ssl.SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        SSLParameters p = parameters();
        p.setNeedClientAuth(requireClientCertificate);
        s.setSSLParameters(p);
        return s;
    }

    /** TLS over a connected socket to a destination, its certificate checked against the trust store. */
    public SSLSocket clientOver(java.net.Socket connected, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(connected, host, port, true);
        s.setSSLParameters(parameters());
        return s;
    }

    private SSLParameters parameters() {
        SSLParameters p = new SSLParameters();
        p.setProtocols(PROTOCOLS);
        String[] supported = context.getSupportedSSLParameters().getCipherSuites();
        p.setCipherSuites(Arrays.stream(CIPHER_SUITES).filter(c -> Arrays.asList(supported).contains(c)).toArray(String[]::new));
        return p;
    }
}
