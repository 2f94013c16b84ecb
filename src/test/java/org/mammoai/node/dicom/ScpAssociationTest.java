package org.mammoai.node.dicom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mammoai.node.dicom.ReceiveTest.AE;
import static org.mammoai.node.dicom.ReceiveTest.PORT;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mammoai.node.store.ReceivedFileNames;
import org.mammoai.node.store.Spool;
import org.mammoai.node.testing.DicomFile;
import org.mammoai.node.testing.LogCapture;
import org.mammoai.node.testing.RawAssociation;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/** Our C-STORE SCP's own rules, seen from a peer: what it answers, what it stores, and that the association goes on. */
@QuarkusTest
class ScpAssociationTest {
    private static final String MG = SyntheticDicom.MG_FOR_PRESENTATION;
    private static final String US = "1.2.840.10008.5.1.4.1.1.6.1";
    private static final String TS = RawAssociation.EXPLICIT_LITTLE;

    @Inject
    Spool spool;

    @Inject
    org.mammoai.node.config.ConfigurationEditor editor;

    Path dir;

    @BeforeEach
    void tempDir() throws Exception {
        dir = Files.createTempDirectory("scp-test");
    }

    @Test
    void aStoreOfAnotherSopClassThanItsContextsIsRefusedAndTheNextObjectStored() throws Exception {
        SyntheticDicom other = SyntheticDicom.mammogram("L", "CC").size(64, 48);
        SyntheticDicom good = SyntheticDicom.mammogram("R", "CC").size(64, 48);
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, MG, TS)) {
            assertThat(a.store(US, other.sopInstanceUid(), RawAssociation.dataSetOf(other.write(dir))))
                    .as("SOP class not supported").isEqualTo(0x0122);
            assertThat(a.store(MG, good.sopInstanceUid(), RawAssociation.dataSetOf(good.write(dir)))).isZero();
            assertThat(a.release()).isTrue();
        }
        given().get("/api/instances/" + other.sopInstanceUid()).then().statusCode(404);
        given().get("/api/instances/" + good.sopInstanceUid()).then().statusCode(200);
    }

    @Test
    void anOperationWeDoNotOfferIsAnsweredUnrecognizedAndItsDataSetDropped() throws Exception {
        SyntheticDicom query = SyntheticDicom.mammogram("L", "MLO").size(32, 32);
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, MG, TS)) {
            int cFindRq = 0x0020;
            assertThat(a.request(cFindRq, MG, query.sopInstanceUid(), RawAssociation.dataSetOf(query.write(dir))))
                    .as("unrecognized operation").isEqualTo(0x0211);
            assertThat(a.release()).isTrue();
        }
        given().get("/api/instances/" + query.sopInstanceUid()).then().statusCode(404);
    }

    @Test
    void aDataSetFragmentWithoutItsCommandIsAbortedAsUnexpected() throws Exception {
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, MG, TS)) {
            a.write(RawAssociation.pdv(false, true, new byte[] {8, 0, 0x18, 0}));
            assertThat(a.finish(64)).as("A-ABORT, unexpected PDU parameter").containsExactly(0x07, 0, 0, 0, 0, 4, 0, 0, 2, 5);
        }
    }

    @Test
    void aReleaseInTheMiddleOfAnObjectIsAbortedAndNothingIsKept() throws Exception {
        SyntheticDicom cut = SyntheticDicom.mammogram("R", "MLO").size(256, 256);
        byte[] data = RawAssociation.dataSetOf(cut.write(dir));
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, MG, TS)) {
            a.write(RawAssociation.pdv(true, true, RawAssociation.command(0x0001, MG, cut.sopInstanceUid(), 1)));
            a.write(RawAssociation.pdv(false, false, java.util.Arrays.copyOf(data, 8_000)));
            a.write(RawAssociation.pdu(0x05, new byte[4]));
            assertThat(a.finish(64)).as("A-ABORT, unexpected PDU").containsExactly(0x07, 0, 0, 0, 0, 4, 0, 0, 2, 2);
        }
        given().get("/api/instances/" + cut.sopInstanceUid()).then().statusCode(404);
        assertThat(BadInputTest.eventuallyEmpty(spool.root().resolve("incoming"), 5_000)).as("its partial file is discarded").isTrue();
    }

    @Test
    void aDiskErrorWhileAnObjectArrivesIsAnsweredWithAFailureAndTheNextObjectStored() throws Exception {
        Path full = Path.of("/dev/full"); // every write to it fails with "no space left on device"
        Assumptions.assumeTrue(Files.exists(full), "needs Linux's /dev/full");
        SyntheticDicom failing = SyntheticDicom.mammogram("L", "CC").size(512, 512); // more than one write buffer
        SyntheticDicom next = SyntheticDicom.mammogram("R", "CC").size(64, 48);
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, MG, TS)) {
            // the file this object streams into becomes a link to /dev/full: the disk fails partway through the object
            Path folder;
            try (var folders = Files.list(spool.root().resolve("incoming"))) {
                folder = folders.reduce((x, y) -> { throw new AssertionError("more than one association receiving"); }).orElseThrow();
            }
            Path target = folder.resolve(ReceivedFileNames.forUid(failing.sopInstanceUid()));
            Files.createSymbolicLink(target, full);
            assertThat(a.store(MG, failing.sopInstanceUid(), RawAssociation.dataSetOf(failing.write(dir))))
                    .as("processing failure: the spool's disk has room, the write failed").isEqualTo(0x0110);
            assertThat(Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("what was written is removed").isFalse();
            assertThat(a.store(MG, next.sopInstanceUid(), RawAssociation.dataSetOf(next.write(dir)))).isZero();
            assertThat(a.release()).isTrue();
        }
        assertThat(full).exists();
        given().get("/api/instances/" + failing.sopInstanceUid()).then().statusCode(404);
        given().get("/api/instances/" + next.sopInstanceUid()).then().statusCode(200);
    }

    @Test
    void aLargeObjectFlushedWhileArrivingIsStoredWholeWithOurFileMetaInformation() throws Exception {
        // 2048 x 2048 x 16 bit: more than three flush steps (ScpAssociation.WRITEBACK_STEP) before the last fragment
        SyntheticDicom large = SyntheticDicom.mammogram("L", "CC").vendorHeaders().size(2048, 2048);
        Path sent = large.write(dir);
        assertThat(Files.size(sent)).isGreaterThan(3L * ScpAssociation.WRITEBACK_STEP);
        Tool result = Tool.storescu(PORT, "STORESCU", AE, sent.toString());
        assertThat(result.ok()).as(result.toString()).isTrue();

        Path stored = Path.of(given().get("/api/instances/" + large.sopInstanceUid()).then().statusCode(200).extract().<String>path("filePath"));
        assertThat(DicomFile.pixelData(stored)).isEqualTo(DicomFile.pixelData(sent));
        AttributeList meta = new AttributeList();
        meta.read(stored.toString(), TagFromName.PixelData);
        assertThat(meta.get(TagFromName.ImplementationClassUID).getSingleStringValueOrNull()).isEqualTo(Implementation.CLASS_UID);
        assertThat(meta.get(TagFromName.SourceApplicationEntityTitle).getSingleStringValueOrNull()).isEqualTo("STORESCU");
        assertThat(meta.get(TagFromName.MediaStorageSOPInstanceUID).getSingleStringValueOrNull()).isEqualTo(large.sopInstanceUid());
        assertThat(meta.get(TagFromName.TransferSyntaxUID).getSingleStringValueOrNull()).isEqualTo(DicomFile.transferSyntax(sent));
        Tool check = Tool.run("dciodvfy", stored.toString());
        assertThat(check.output().lines().filter(l -> l.startsWith("Error"))).as(check.output()).isEmpty();
    }

    @Test
    void aPeerSilentForTheIdleTimeoutIsAbortedAndItsPartialObjectDiscarded() throws Exception {
        int before = editor.setLocal(localIdle(null)).ae().limits().idleTimeoutSeconds();
        SyntheticDicom stalled = SyntheticDicom.mammogram("L", "MLO").size(256, 256);
        byte[] data = RawAssociation.dataSetOf(stalled.write(dir));
        try (LogCapture log = LogCapture.start()) {
            try {
                editor.setLocal(localIdle(1)); // seen by associations that start from now on
                try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, MG, TS)) {
                    editor.setLocal(localIdle(before)); // too late for this association: it keeps its 1 s
                    a.write(RawAssociation.pdv(true, true, RawAssociation.command(0x0001, MG, stalled.sopInstanceUid(), 1)));
                    a.write(RawAssociation.pdv(false, false, java.util.Arrays.copyOf(data, 8_000)));
                    long t0 = System.nanoTime();
                    byte[] answer = a.readPdu(); // nothing more sent: the node's idle timeout ends it
                    assertThat(answer).as("A-ABORT from the service provider").containsExactly(0x07, 0, 0, 0, 0, 4, 0, 0, 2, 0);
                    assertThat((System.nanoTime() - t0) / 1e9).as("after the 1 s idle timeout, not the default 120 s").isBetween(0.5, 10.0);
                }
            } finally {
                editor.setLocal(localIdle(before));
            }
            given().get("/api/instances/" + stalled.sopInstanceUid()).then().statusCode(404);
            assertThat(BadInputTest.eventuallyEmpty(spool.root().resolve("incoming"), 5_000)).as("its partial file is discarded").isTrue();
            // the line names the timeout the association had, not the one configured now
            assertThat(log.from("org.mammoai.node.dicom", Level.WARNING).stream().map(LogCapture::text))
                    .anyMatch(l -> l.contains("aborted: nothing received for 1 s; the incomplete object was discarded"));
        }
    }

    private static org.mammoai.node.config.ConfigurationEditor.LocalForm localIdle(Integer seconds) {
        return new org.mammoai.node.config.ConfigurationEditor.LocalForm(null, null, null, null, seconds, null, null);
    }
}
