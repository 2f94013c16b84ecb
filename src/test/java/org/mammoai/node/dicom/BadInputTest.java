package org.mammoai.node.dicom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mammoai.node.dicom.ReceiveTest.AE;
import static org.mammoai.node.dicom.ReceiveTest.PORT;
import static org.mammoai.node.dicom.ReceiveTest.metric;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mammoai.node.store.ReceivedFileNames;
import org.mammoai.node.store.Spool;
import org.mammoai.node.store.SpoolSpace;
import java.net.Socket;
import org.mammoai.node.testing.CapturedAssociateRequest;
import org.mammoai.node.testing.LogCapture;
import org.mammoai.node.testing.RawAssociation;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;
import org.mammoai.node.testing.TruncatingProxy;

/** Malformed objects and cut-off transfers: no crash, nothing half-written in the catalog, nothing lost. */
@QuarkusTest
class BadInputTest {
    @Inject
    Spool spool;

    Path dir;

    @BeforeEach
    void tempDir() throws Exception {
        dir = Files.createTempDirectory("bad-input");
    }

    @Test
    void objectWithoutStudyUidIsRefusedAndQuarantinedWithAReason() throws Exception {
        SyntheticDicom bad = SyntheticDicom.mammogram("R", "CC").withoutStudyUid();
        double failedBefore = metric("mammo_dicom_instances_failed_total");

        Tool sent = Tool.storescu(PORT, "STORESCU", AE, bad.write(dir).toString());

        assertThat(sent.ok()).as("sender must not see Success").isFalse();
        given().get("/api/instances/" + bad.sopInstanceUid()).then().statusCode(404);
        assertThat(metric("mammo_dicom_instances_failed_total")).isEqualTo(failedBefore + 1);
        Path kept = quarantined(bad.sopInstanceUid());
        assertThat(Files.size(kept)).isPositive();
        assertThat(Files.readString(kept.resolveSibling(kept.getFileName() + ".reason.txt")))
                .contains("STORESCU").contains("StudyInstanceUID is missing");
        assertGoodObjectStillAccepted();
    }

    @Test
    void transferCutMidObjectLeavesNoCatalogRowAndNoPartialFile() throws Exception {
        SyntheticDicom big = SyntheticDicom.mammogram("L", "CC").size(2048, 2048); // ~8 MB
        Path file = big.write(dir);
        try (LogCapture log = LogCapture.start()) {
            try (TruncatingProxy proxy = new TruncatingProxy(PORT, 3_000_000)) {
                Tool sent = Tool.storescu(proxy.port(), "STORESCU", AE, file.toString());
                assertThat(sent.ok()).isFalse();
                assertThat(proxy.forwardedBytes()).isEqualTo(3_000_000);
            }
            given().get("/api/instances/" + big.sopInstanceUid()).then().statusCode(404);
            assertThat(eventuallyEmpty(spool.root().resolve("incoming"), 5_000))
                    .as("the partial file of the cut association is discarded").isTrue();
            // the sender's abort is one WARN line of ours, not PixelMed's ERROR stack traces
            List<String> lines = log.from("org.mammoai.node.dicom", Level.INFO).stream().map(LogCapture::text).toList();
            assertThat(lines).filteredOn(l -> l.contains("without releasing")).singleElement().asString()
                    .contains("STORESCU").contains("incomplete object was discarded");
            assertThat(log.from("com.pixelmed", Level.SEVERE)).isEmpty();
            assertThat(log.from("org.mammoai.node.dicom", Level.SEVERE)).isEmpty();
            assertThat(log.from("org.mammoai.node.store", Level.SEVERE)).isEmpty();
        }
        assertGoodObjectStillAccepted();
    }

    @Test
    void sopInstanceUidThatIsAPathCannotTouchFilesOutsideTheSpool() throws Exception {
        // issue 10, 1: the UID of the request named the received file; "../../x" deleted or wrote files outside
        Path outside = Files.createTempDirectory("outside-the-spool");
        Path victim = Files.writeString(outside.resolve("important.txt"), "keep me");
        String uid = spool.root().resolve("incoming/some-association").relativize(victim).toString(); // ../../../../tmp/...
        assertThat(uid).startsWith("../");
        SyntheticDicom evil = SyntheticDicom.mammogram("L", "CC").sopInstanceUid(uid);
        List<Path> before = quarantineFiles();
        Tool sent = Tool.storescu(PORT, "STORESCU", AE, evil.write(dir).toString());

        assertThat(sent.ok()).as("not acknowledged: " + sent).isFalse();
        assertThat(Files.readString(victim)).isEqualTo("keep me");
        try (Stream<Path> left = Files.list(outside)) {
            assertThat(left.toList()).containsExactly(victim);
        }
        List<Path> added = quarantineFiles().stream().filter(p -> !before.contains(p) && !p.toString().endsWith(".reason.txt")).toList();
        assertThat(added).hasSize(1); // the request's UID arrives cut to 64 characters, so look for the new entry, not a name
        Path kept = added.get(0);
        assertThat(kept.getFileName().toString()).matches("[0-9]+-rx-[0-9a-f]{64}\\.dcm");
        assertThat(Files.readString(kept.resolveSibling(kept.getFileName() + ".reason.txt"))).contains("not a valid DICOM UID");
        assertGoodObjectStillAccepted();
    }

    @Test
    void pDataPduDeclaringTwoGigabytesIsRefusedBeforeAnyAllocation() throws Exception {
        // issue 10, 2: one 12-byte header declaring 0x7FFFFFF0 made PixelMed allocate ~2 GB; four gave OutOfMemoryError
        byte[] request = CapturedAssociateRequest.fromEchoscu("ECHOSCU", AE);
        List<Socket> peers = new java.util.ArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            for (int k = 0; k < 4; k++) {
                Socket s = new Socket("127.0.0.1", PORT);
                s.setSoTimeout(10_000);
                peers.add(s);
                s.getOutputStream().write(request);
                byte[] answer = new byte[6];
                new java.io.DataInputStream(s.getInputStream()).readFully(answer);
                assertThat(answer[0]).as("A-ASSOCIATE-AC").isEqualTo((byte) 0x02);
                s.getInputStream().skipNBytes(((answer[2] & 0xff) << 24 | (answer[3] & 0xff) << 16 | (answer[4] & 0xff) << 8 | (answer[5] & 0xff)));
                s.getOutputStream().write(new byte[] {0x04, 0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 0, 0, 0, 0, 0, 0});
                s.getOutputStream().flush();
            }
            for (Socket s : peers) { // each is ended by the node with an A-ABORT, not left waiting for 2 GB
                byte[] rest = s.getInputStream().readAllBytes();
                assertThat(rest).as("A-ABORT, reason: invalid PDU parameter value").containsExactly(0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6);
            }
            long deadline = System.currentTimeMillis() + 5_000; // the line is written just after the socket closes
            while (refusals(log) < 4 && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertThat(refusals(log)).isEqualTo(4);
        } finally {
            for (Socket s : peers) s.close();
        }
        assertThat(Tool.echoscu(PORT, "ECHOSCU", AE).ok()).isTrue();
        assertGoodObjectStillAccepted();
    }

    @Test
    void idleConnectionsFromOneHostDoNotKeepAModalityOut() throws Exception {
        // issue 10, 3: 200 connections that sent nothing held all 4 handshake threads and blocked every C-ECHO
        List<Socket> idle = new java.util.ArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            for (int k = 0; k < 200; k++) idle.add(connectFrom("127.0.0.2"));
            long t0 = System.nanoTime();
            Tool echo = Tool.run("echoscu", "-ta", "3", "-aet", "ECHOSCU", "-aec", AE, "127.0.0.1", Integer.toString(PORT));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(echo.ok()).as(echo.toString()).isTrue();
            assertThat(millis).as("answered before the idle connections timed out").isLessThan(DicomListener.REQUEST_TIMEOUT_MS);
            assertThat(log.from("org.mammoai.node.dicom", Level.WARNING).stream().map(LogCapture::text)
                    .filter(l -> l.contains("without an association request")).count()).as("one summary line, not one per connection").isEqualTo(1);
        } finally {
            for (Socket s : idle) s.close();
        }
    }

    @Test
    void associationRequestDrippedOneByteAtATimeIsCutAtTheDeadline() throws Exception {
        byte[] request = CapturedAssociateRequest.fromEchoscu("ECHOSCU", AE);
        try (Socket s = connectFrom("127.0.0.3")) {
            s.setSoTimeout(100);
            long t0 = System.nanoTime();
            boolean closed = false;
            for (int k = 0; k < request.length && !closed; k++) {
                try {
                    s.getOutputStream().write(request[k]);
                    s.getOutputStream().flush();
                    closed = s.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    Thread.sleep(400);
                } catch (java.io.IOException reset) {
                    closed = true;
                }
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(closed).as("closed by the node").isTrue();
            assertThat(millis).isBetween((long) DicomListener.REQUEST_TIMEOUT_MS - 500, DicomListener.REQUEST_TIMEOUT_MS + 2_000L);
        }
        assertThat(Tool.echoscu(PORT, "ECHOSCU", AE).ok()).isTrue();
    }

    @Test
    void aFullSpoolRefusesAssociationsTransientlyAndTakesThemAgainWhenSpaceReturns() throws Exception {
        // issue 10, 6: on a full disk senders got an abort mid-object while readiness was already DOWN
        QuarkusMock.installMockForType(new SpoolSpace(() -> 10L << 20, 256L << 20), SpoolSpace.class);
        SyntheticDicom waiting = SyntheticDicom.mammogram("R", "CC");
        Tool refused = Tool.storescu(PORT, "STORESCU", AE, waiting.write(dir).toString());
        assertThat(refused.ok()).isFalse();
        assertThat(refused.output()).contains("Rejected Transient").contains("Temporary Congestion");
        given().get("/q/health/ready").then().statusCode(503);
        given().get("/api/instances/" + waiting.sopInstanceUid()).then().statusCode(404);

        QuarkusMock.installMockForType(new SpoolSpace(() -> 10L << 30, 256L << 20), SpoolSpace.class); // space is back
        assertThat(Tool.storescu(PORT, "STORESCU", AE, waiting.write(dir).toString()).ok()).isTrue();
        given().get("/api/instances/" + waiting.sopInstanceUid()).then().statusCode(200);
    }

    @Test
    void aDiskThatFillsDuringAnAssociationAnswersOutOfResourcesAndStoresNothing() throws Exception {
        // issue 10, 6: the space check at the door passes, then the disk is below the minimum when the object arrives
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        QuarkusMock.installMockForType(new SpoolSpace(() -> asked.getAndIncrement() == 0 ? 10L << 30 : 10L << 20, 256L << 20), SpoolSpace.class);
        SyntheticDicom object = SyntheticDicom.mammogram("L", "CC").size(64, 48);
        byte[] data = RawAssociation.dataSetOf(object.write(dir));
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, SyntheticDicom.MG_FOR_PRESENTATION, RawAssociation.EXPLICIT_LITTLE)) {
            assertThat(a.store(SyntheticDicom.MG_FOR_PRESENTATION, object.sopInstanceUid(), data)).as("Refused: out of resources").isEqualTo(0xA700);
            assertThat(a.release()).isTrue();
        }
        given().get("/api/instances/" + object.sopInstanceUid()).then().statusCode(404);
    }

    /** A connection from another loopback address: the node sees another host. */
    private static Socket connectFrom(String localAddress) throws Exception {
        Socket s = new Socket();
        s.bind(new java.net.InetSocketAddress(localAddress, 0));
        s.connect(new java.net.InetSocketAddress("127.0.0.1", PORT), 2_000);
        return s;
    }

    private static long refusals(LogCapture log) {
        return log.from("org.mammoai.node.dicom", Level.WARNING).stream().map(LogCapture::text)
                .filter(l -> l.contains("declares 2147483632 bytes")).count();
    }

    private void assertGoodObjectStillAccepted() throws Exception {
        SyntheticDicom good = SyntheticDicom.mammogram("L", "MLO");
        Tool sent = Tool.storescu(PORT, "STORESCU", AE, good.write(dir).toString());
        assertThat(sent.ok()).as(sent.toString()).isTrue();
        String file = given().get("/api/instances/" + good.sopInstanceUid()).then().statusCode(200).extract().path("filePath");
        // issue 10, 8: received images were world-readable (0644)
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.root()))).isEqualTo("rwx------");
    }

    private List<Path> quarantineFiles() throws Exception {
        try (Stream<Path> files = Files.list(spool.quarantineDir())) {
            return files.toList();
        }
    }

    private Path quarantined(String sopInstanceUid) throws Exception {
        try (Stream<Path> files = Files.list(spool.quarantineDir())) {
            String name = ReceivedFileNames.forUid(sopInstanceUid);
            List<Path> matches = files.filter(p -> p.getFileName().toString().endsWith("-" + name)).toList();
            assertThat(matches).hasSize(1);
            return matches.get(0);
        }
    }

    /** Polls until the folder is empty: true, or false after {@code millis}. */
    static boolean eventuallyEmpty(Path dir, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isEmpty()) {
                    return true;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }
}
