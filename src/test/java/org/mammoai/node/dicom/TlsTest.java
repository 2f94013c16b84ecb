package org.mammoai.node.dicom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.TestCertificates;
import org.mammoai.node.testing.Tool;

/** Issue 10, 5: DICOM over TLS (BCP 195) beside the plain port, checked with dcmtk's TLS peers. */
@QuarkusTest
@TestProfile(TlsTest.WithTls.class)
class TlsTest {
    static final int TLS_PORT = 11762;
    static final Path DIR = Path.of("target/test-tls");

    public static class WithTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                TestCertificates c = TestCertificates.in(DIR);
                Path yaml = Files.writeString(DIR.resolve("node.yaml"), """
                        local: {aeTitle: MAMMO_TEST, bindAddress: 127.0.0.1, port: 11199}
                        allowedCallingAeTitles: [STORESCU, ECHOSCU]
                        tls:
                          port: %d
                          keyStore: %s
                          keyStorePassword: %s
                          trustStore: %s
                          trustStorePassword: %s
                          requireClientCertificate: true
                        """.formatted(TLS_PORT, c.keyStore(), TestCertificates.PASSWORD, c.trustStore(), TestCertificates.PASSWORD));
                return Map.of("mammo.dicom-config", yaml.toString(), "mammo.spool.dir", "target/test-data/tls-spool");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aModalityWithItsCertificateEchoesAndStoresOverTls() throws Exception {
        TestCertificates c = TestCertificates.in(DIR);
        assertThat(tls(c, "echoscu", true, "-aet", "ECHOSCU").ok()).isTrue();
        SyntheticDicom image = SyntheticDicom.mammogram("L", "CC").size(128, 96);
        Path file = image.write(Files.createTempDirectory("tls"));
        Tool sent = tls(c, "storescu", true, "-aet", "STORESCU", file.toString());
        assertThat(sent.ok()).as(sent.toString()).isTrue();
        given().get("/api/instances/" + image.sopInstanceUid()).then().statusCode(200);
    }

    @Test
    void aCallerWithoutACertificateIsRefusedWhenOneIsRequired() throws Exception {
        TestCertificates c = TestCertificates.in(DIR);
        assertThat(tls(c, "echoscu", false, "-aet", "ECHOSCU").ok()).isFalse();
    }

    @Test
    void plainDicomOnTheTlsPortGetsNoAssociation() throws Exception {
        assertThat(Tool.run("echoscu", "-aet", "ECHOSCU", "-aec", "MAMMO_TEST", "127.0.0.1", Integer.toString(TLS_PORT)).ok()).isFalse();
        assertThat(Tool.echoscu(11199, "ECHOSCU", "MAMMO_TEST").ok()).as("the plain port still answers").isTrue();
    }

    /** A dcmtk tool over TLS (BCP 195 non-downgrading, its default), trusting the node's certificate. */
    private static Tool tls(TestCertificates c, String tool, boolean withCertificate, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool));
        if (withCertificate) cmd.addAll(List.of("+tls", c.key("modality").toString(), c.certificate("modality").toString()));
        else cmd.add("+tla");
        cmd.addAll(List.of("+cf", c.certificate("node").toString(), "-aec", "MAMMO_TEST"));
        cmd.addAll(List.of(args).subList(0, 2));
        cmd.addAll(List.of("127.0.0.1", Integer.toString(TLS_PORT)));
        cmd.addAll(List.of(args).subList(2, args.length));
        return Tool.run(cmd.toArray(String[]::new));
    }
}
