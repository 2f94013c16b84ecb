package org.mammoai.node.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Self-signed certificates made with openssl and keytool for the TLS tests, once per folder: the node's (a PKCS12
 * key store, and PEM for dcmtk to trust), a modality's and a PACS's (PEM keys for dcmtk), and the node's trust store
 * holding the modality's and the PACS's certificates.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit";
    public final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static synchronized TestCertificates in(Path dir) throws Exception {
        TestCertificates c = new TestCertificates(dir);
        if (Files.exists(c.trustStore())) return c;
        Files.createDirectories(dir);
        for (String name : new String[] {"node", "modality", "pacs"}) {
            run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name,
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", c.key(name).toString(), "-out", c.certificate(name).toString());
        }
        run("openssl", "pkcs12", "-export", "-in", c.certificate("node").toString(), "-inkey", c.key("node").toString(),
                "-name", "node", "-out", c.keyStore().toString(), "-passout", "pass:" + PASSWORD);
        for (String trusted : new String[] {"modality", "pacs"}) {
            run("keytool", "-importcert", "-noprompt", "-storetype", "PKCS12", "-keystore", c.trustStore().toString(),
                    "-storepass", PASSWORD, "-alias", trusted, "-file", c.certificate(trusted).toString());
        }
        return c;
    }

    public Path key(String name) {
        return dir.resolve(name + "-key.pem");
    }

    public Path certificate(String name) {
        return dir.resolve(name + ".pem");
    }

    public Path keyStore() {
        return dir.resolve("node.p12");
    }

    public Path trustStore() {
        return dir.resolve("trusted.p12");
    }

    private static void run(String... command) throws Exception {
        Tool t = Tool.run(command);
        if (!t.ok()) throw new IllegalStateException(String.join(" ", command) + " failed: " + t.output());
    }
}
