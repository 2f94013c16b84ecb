package org.mammoai.node.dicom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mammoai.node.dicom.ReceiveTest.AE;
import static org.mammoai.node.dicom.ReceiveTest.PORT;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mammoai.node.store.Spool;
import org.mammoai.node.testing.RawAssociation;
import org.mammoai.node.testing.Bytes;
import org.mammoai.node.testing.SyntheticDicom;

/**
 * Issue 10, 4: objects that arrive whole on the wire but are not whole or not true as DICOM (cut short, pixels
 * that do not match the header, absurd sizes, a NUL in a UID) get "cannot understand" instead of Success, stay out
 * of the catalog and are quarantined with the reason, and the association goes on; sent byte for byte by
 * {@link RawAssociation}, as no toolkit would send them.
 */
@QuarkusTest
class CorruptObjectTest {
    private static final byte[] ROWS_TAG = {0x28, 0, 0x10, 0, 'U', 'S', 2, 0};
    private static final byte[] COLUMNS_TAG = {0x28, 0, 0x11, 0, 'U', 'S', 2, 0};

    @Inject
    Spool spool;

    Path dir;

    @BeforeEach
    void tempDir() throws Exception {
        dir = Files.createTempDirectory("corrupt");
    }

    @Test
    void theWholeObjectSentTheSameWayIsStored() throws Exception {
        SyntheticDicom good = SyntheticDicom.mammogram("L", "CC").size(64, 48);
        assertThat(send(good, RawAssociation.dataSetOf(good.write(dir)))).isEqualTo(0);
        given().get("/api/instances/" + good.sopInstanceUid()).then().statusCode(200);
    }

    @Test
    void dataSetsCutShortAreRefused() throws Exception {
        for (double keep : new double[] {0.05, 0.3, 0.5, 0.9, 0.999}) {
            SyntheticDicom object = SyntheticDicom.mammogram("R", "MLO").size(64, 48);
            byte[] whole = RawAssociation.dataSetOf(object.write(dir));
            assertRefused(object, Arrays.copyOf(whole, (int) (whole.length * keep)), "truncated|cannot be read|not a readable DICOM file|is missing|no Pixel Data");
        }
    }

    @Test
    void pixelDataThatDoesNotMatchRowsAndColumnsIsRefused() throws Exception {
        SyntheticDicom object = SyntheticDicom.mammogram("L", "MLO").size(64, 48);
        byte[] data = RawAssociation.dataSetOf(object.write(dir));
        putUnsignedShort(data, ROWS_TAG, 65);
        assertRefused(object, data, "Pixel Data holds 6144 bytes");
    }

    @Test
    void aFrameOverThePixelLimitIsRefusedBeforeAnyDecoding() throws Exception {
        SyntheticDicom object = SyntheticDicom.mammogram("R", "CC").size(64, 48); // 6 KB declaring 40000 x 40000
        byte[] data = RawAssociation.dataSetOf(object.write(dir));
        putUnsignedShort(data, ROWS_TAG, 40000);
        putUnsignedShort(data, COLUMNS_TAG, 40000);
        assertRefused(object, data, "exceed this node's limit");
    }

    @Test
    void aUidWithANulCharacterIsRefused() throws Exception {
        SyntheticDicom object = SyntheticDicom.mammogram("L", "CC").size(64, 48).series("1.2.826.0.1.3680043.10.1104.7777");
        byte[] data = RawAssociation.dataSetOf(object.write(dir));
        int at = Bytes.indexOf(data, "1104.7777".getBytes(StandardCharsets.US_ASCII));
        data[at + 6] = 0;
        assertRefused(object, data, "SeriesInstanceUID is not a valid DICOM UID");
    }

    @Test
    void anUnknownVrIsRefusedSinceItsLengthFieldCannotBeKnown() throws Exception {
        // found by FuzzTest: PixelMed read 'RH' with a 2-byte length, dcmtk with a 4-byte one, and the object got Success
        SyntheticDicom object = SyntheticDicom.mammogram("R", "MLO").size(64, 48);
        byte[] data = RawAssociation.dataSetOf(object.write(dir));
        int at = Bytes.indexOf(data, new byte[] {0x08, 0, 0x30, 0}) + 4; // Study Time's VR
        data[at] = 'R';
        data[at + 1] = 'H';
        assertRefused(object, data, "unknown VR");
    }

    /**
     * Refused with "cannot understand" (0xC000) in its C-STORE-RSP, quarantined with a reason matching the
     * pattern, and the association goes on: a good object sent next on it is stored.
     */
    private void assertRefused(SyntheticDicom object, byte[] dataSet, String reasonPattern) throws Exception {
        List<Path> before = quarantine();
        SyntheticDicom next = SyntheticDicom.mammogram("L", "CC").size(64, 48);
        byte[] good = RawAssociation.dataSetOf(next.write(dir));
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, SyntheticDicom.MG_FOR_PRESENTATION, RawAssociation.EXPLICIT_LITTLE)) {
            assertThat(a.store(SyntheticDicom.MG_FOR_PRESENTATION, object.sopInstanceUid(), dataSet)).as("Error: cannot understand").isEqualTo(0xC000);
            assertThat(a.store(SyntheticDicom.MG_FOR_PRESENTATION, next.sopInstanceUid(), good)).as("the next object on the association").isEqualTo(0);
            assertThat(a.release()).isTrue();
        }
        given().get("/api/instances/" + object.sopInstanceUid()).then().statusCode(404);
        given().get("/api/instances/" + next.sopInstanceUid()).then().statusCode(200);
        List<Path> reasons = quarantine().stream().filter(p -> !before.contains(p) && p.toString().endsWith(".reason.txt")).toList();
        assertThat(reasons).hasSize(1);
        assertThat(Files.readString(reasons.get(0))).containsPattern(reasonPattern);
    }

    private static int send(SyntheticDicom object, byte[] dataSet) throws Exception {
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, SyntheticDicom.MG_FOR_PRESENTATION, RawAssociation.EXPLICIT_LITTLE)) {
            int status = a.store(SyntheticDicom.MG_FOR_PRESENTATION, object.sopInstanceUid(), dataSet);
            if (status != RawAssociation.NO_RESPONSE) a.release();
            return status;
        }
    }

    private List<Path> quarantine() throws Exception {
        try (Stream<Path> files = Files.list(spool.quarantineDir())) {
            return files.toList();
        }
    }

    private static void putUnsignedShort(byte[] data, byte[] tag, int value) {
        int at = Bytes.indexOf(data, tag) + tag.length;
        ByteBuffer.wrap(data, at, 2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value);
    }
}
