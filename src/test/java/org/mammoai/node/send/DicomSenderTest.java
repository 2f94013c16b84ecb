package org.mammoai.node.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mammoai.node.config.Destination;
import org.mammoai.node.config.Device;
import org.mammoai.node.config.TlsMaterial;
import org.mammoai.node.testing.Devices;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.TestCertificates;

/** Issue 10, 8: a destination that accepts TCP and then hangs must not hold a delivery worker. */
class DicomSenderTest {
    private static final Device CONFIG = Devices.node();

    @TempDir
    Path dir;

    @Test
    void aDestinationThatAcceptsAndThenSaysNothingIsCutAtTheIdleTimeout() throws Exception {
        Path file = SyntheticDicom.mammogram("L", "CC").size(64, 48).write(dir);
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread holder = new Thread(() -> { // accepts and reads, never answers
                try (Socket s = silent.accept()) {
                    s.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (Exception ignored) {
                    // closed by the sender's timeout
                }
            });
            holder.setDaemon(true);
            holder.start();
            Destination pacs = Devices.destination("SILENT", silent.getLocalPort(), false);
            long t0 = System.nanoTime();
            List<DicomSender.Outcome> out = new DicomSender(CONFIG, 1_500).send(pacs, List.of(file));
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(out).singleElement().satisfies(o -> {
                assertThat(o.sent()).isFalse();
                assertThat(o.error()).contains("SILENT").contains("went silent");
            });
            assertThat(seconds).as("cut at the idle timeout, not held").isBetween(1.0, 10.0);
        }
    }

    @Test
    void aDestinationThatAnswersGetsTheFileThroughTheRelay() throws Exception {
        Path file = SyntheticDicom.mammogram("R", "CC").size(64, 48).write(dir);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path received = java.nio.file.Files.createDirectories(dir.resolve("received"));
        Path log = dir.resolve("storescp.log");
        // the smallest maximum PDU a peer may ask for in practice: what we send must respect it (issue 10, 7)
        Process scp = new ProcessBuilder("storescp", "-ll", "trace", "--max-pdu", "4096", "-aet", "DEST", "-od", received.toString(),
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            waitForPort(port);
            Destination dest = Devices.destination("DEST", port, false);
            List<DicomSender.Outcome> out = new DicomSender(CONFIG, 5_000).send(dest, List.of(file));
            assertThat(out).singleElement().satisfies(o -> assertThat(o.sent()).as(String.valueOf(o.error())).isTrue());
            try (var files = java.nio.file.Files.list(received)) {
                assertThat(files.count()).isEqualTo(1);
            }
        } finally {
            scp.destroy();
            scp.waitFor();
        }
        java.util.List<Long> pDataLengths = java.nio.file.Files.readAllLines(log).stream()
                .map(java.util.regex.Pattern.compile("Read PDU HEAD TCP: type: 04, length: (\\d+)")::matcher)
                .filter(java.util.regex.Matcher::find).map(m -> Long.parseLong(m.group(1))).toList();
        assertThat(pDataLengths).as("P-DATA-TF PDUs we sent").hasSizeGreaterThan(1).allMatch(n -> n <= 4096);
    }

    @Test
    void aTlsDestinationGetsTheFileOverTlsWithBothCertificatesChecked() throws Exception {
        TestCertificates c = TestCertificates.in(Path.of("target/test-tls"));
        Device config = Devices.node(new TlsMaterial(c.keyStore(), TestCertificates.PASSWORD, c.trustStore(), TestCertificates.PASSWORD, false));
        Path file = SyntheticDicom.mammogram("L", "MLO").size(64, 48).write(dir);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path received = java.nio.file.Files.createDirectories(dir.resolve("received-tls"));
        // the PACS requires our certificate (dcmtk's default) and trusts the node's; we trust the PACS's
        Process scp = new ProcessBuilder("storescp", "+tls", c.key("pacs").toString(), c.certificate("pacs").toString(),
                "+cf", c.certificate("node").toString(), "-aet", "DEST", "-od", received.toString(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitForPort(port);
            Destination dest = Devices.destination("DEST", port, true);
            List<DicomSender.Outcome> out = new DicomSender(config, 5_000).send(dest, List.of(file));
            assertThat(out).singleElement().satisfies(o -> assertThat(o.sent()).as(String.valueOf(o.error())).isTrue());
            try (var files = java.nio.file.Files.list(received)) {
                assertThat(files.count()).isEqualTo(1);
            }
            Destination plain = Devices.destination("DEST", port, false);
            assertThat(new DicomSender(config, 5_000).send(plain, List.of(file))).singleElement()
                    .satisfies(o -> assertThat(o.sent()).as("plain DICOM to a TLS port").isFalse());
        } finally {
            scp.destroy();
        }
    }

    private static void waitForPort(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("storescp did not start");
    }
}
