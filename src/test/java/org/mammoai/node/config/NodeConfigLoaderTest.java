package org.mammoai.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {
    @TempDir
    Path dir;

    static final String VALID = """
            local:
              aeTitle: MAMMO_AI
              port: 11112
            allowedCallingAeTitles: [MODALITY1, PACS]
            destinations:
              - {name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242, results: [SEG]}
            """;

    @Test
    void shippedConfigurationLoads() {
        Device config = NodeConfigLoader.load(Path.of("dicom-config", "node.yaml"));
        assertThat(config.ae().aeTitle()).isEqualTo("MAMMO_AI");
        assertThat(config.destinations()).isNotEmpty();
    }

    @Test
    void validFileLoadsWithDefaults() throws Exception {
        Device config = NodeConfigLoader.load(write(VALID));
        assertThat(config.ae().connection().host()).isEqualTo("0.0.0.0");
        assertThat(config.ae().limits().maxAssociations()).isEqualTo(8);
        assertThat(config.ae().accepts("PACS")).isTrue();
        assertThat(config.ae().accepts("pacs")).as("AE titles are case-sensitive").isFalse();
        assertThat(config.destinations().get(0).results()).containsExactly(ResultType.SEG);
    }

    @Test
    void typoInAFieldNameIsNamed() throws Exception {
        Path file = write(VALID.replace("port: 11112", "prot: 11112"));
        assertThatThrownBy(() -> NodeConfigLoader.load(file))
                .isInstanceOf(InvalidNodeConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("prot");
    }

    @Test
    void everyBadValueIsReportedAtOnce() throws Exception {
        Path file = write(VALID.replace("MAMMO_AI", "A_VERY_LONG_AE_TITLE").replace("11112", "70000")
                .replace("results: [SEG]", "results: [PDF]"));
        assertThatThrownBy(() -> NodeConfigLoader.load(file))
                .hasMessageContaining("local.aeTitle 'A_VERY_LONG_AE_TITLE' is longer than 16 characters")
                .hasMessageContaining("local.port 70000 is not a TCP port")
                .hasMessageContaining("destinations[0].results: 'PDF'");
    }

    @Test
    void emptyWhitelistIsRefused() throws Exception {
        Path file = write(VALID.replace("[MODALITY1, PACS]", "[]"));
        assertThatThrownBy(() -> NodeConfigLoader.load(file)).hasMessageContaining("allowedCallingAeTitles is empty");
    }

    @Test
    void missingRequiredSectionIsNamed() throws Exception {
        Path file = write("allowedCallingAeTitles: [A]\n");
        assertThatThrownBy(() -> NodeConfigLoader.load(file)).hasMessageContaining("section 'local' is missing");
    }

    @Test
    void yamlSyntaxErrorGivesTheLine() throws Exception {
        Path file = write(VALID + "  - {name: broken\n");
        assertThatThrownBy(() -> NodeConfigLoader.load(file)).hasMessageContaining("line");
    }

    @Test
    void missingFileIsSaidPlainly() {
        assertThatThrownBy(() -> NodeConfigLoader.load(dir.resolve("nope.yaml"))).hasMessageContaining("file not found");
    }

    @Test
    void tlsWithAWrongPasswordOrWithoutItsSectionIsReportedAtStart() throws Exception {
        org.mammoai.node.testing.TestCertificates c = org.mammoai.node.testing.TestCertificates.in(Path.of("target/test-tls"));
        String tls = "tls: {port: 2762, keyStore: " + c.keyStore() + ", keyStorePassword: %s, trustStore: " + c.trustStore()
                + ", trustStorePassword: " + org.mammoai.node.testing.TestCertificates.PASSWORD + "}\n";
        Device good = NodeConfigLoader.load(write(VALID + tls.formatted(org.mammoai.node.testing.TestCertificates.PASSWORD)));
        assertThat(good.ae().tlsConnection().port()).isEqualTo(2762);
        assertThat(good.tls().requireClientCertificate()).isFalse();

        Path wrong = write(VALID + tls.formatted("not-the-password"));
        assertThatThrownBy(() -> NodeConfigLoader.load(wrong)).hasMessageContaining("tls: cannot use the key or trust store");
        Path noSection = write(VALID.replace("results: [SEG]}", "results: [SEG], tls: true}"));
        assertThatThrownBy(() -> NodeConfigLoader.load(noSection)).hasMessageContaining("no 'tls' section");
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("node.yaml"), yaml);
    }
}
