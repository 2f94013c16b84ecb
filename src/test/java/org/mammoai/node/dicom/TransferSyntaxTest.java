package org.mammoai.node.dicom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mammoai.node.dicom.ReceiveTest.AE;
import static org.mammoai.node.dicom.ReceiveTest.PORT;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.DicomFile;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/**
 * Compressed senders: what the node can decode is kept as sent; what it cannot (JPEG-LS, 12-bit lossy
 * JPEG) is refused in negotiation, so a sender must fall back or fails cleanly before sending data.
 * dcmtk's storescu cannot decompress, so here it is the clean failure we see.
 */
@QuarkusTest
class TransferSyntaxTest {
    static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
    static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    static final String JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90";
    static final String JPEG_2000 = "1.2.840.10008.1.2.4.91";
    static final String JPEG_EXTENDED_12_BIT = "1.2.840.10008.1.2.4.51";

    Path dir;
    Path original;
    SyntheticDicom image;

    @BeforeEach
    void mammogram() throws Exception {
        dir = Files.createTempDirectory("ts-test");
        image = SyntheticDicom.mammogram("L", "MLO").size(512, 384);
        original = image.write(dir);
    }

    @Test
    void jpegLosslessIsStoredAsSentWithIdenticalCompressedPixelData() throws Exception {
        Path jpeg = compress("dcmcjpeg", original);
        assertThat(DicomFile.transferSyntax(jpeg)).isEqualTo(JPEG_LOSSLESS_SV1);

        Tool sent = Tool.storescu(List.of("-xs"), PORT, "STORESCU", AE, jpeg.toString());
        assertThat(sent.ok()).as(sent.toString()).isTrue();

        Path stored = storedFile(image.sopInstanceUid());
        assertThat(DicomFile.transferSyntax(stored)).isEqualTo(JPEG_LOSSLESS_SV1);
        assertThat(DicomFile.pixelData(stored)).isEqualTo(DicomFile.pixelData(jpeg));
    }

    @Test
    void jpeg2000MammogramsAreStoredAsSent() throws Exception {
        for (boolean lossless : new boolean[] {true, false}) {
            SyntheticDicom mammogram = SyntheticDicom.mammogram("L", "MLO").size(600, 480).phantom().vendorHeaders();
            Path j2k = mammogram.writeJpeg2000(dir, lossless);
            String syntax = lossless ? JPEG_2000_LOSSLESS : JPEG_2000;
            assertThat(DicomFile.transferSyntax(j2k)).isEqualTo(syntax);
            Tool sent = Tool.storescu(List.of(lossless ? "-xv" : "-xw"), PORT, "STORESCU", AE, j2k.toString());
            assertThat(sent.ok()).as(sent.toString()).isTrue();

            Path stored = storedFile(mammogram.sopInstanceUid());
            assertThat(DicomFile.transferSyntax(stored)).isEqualTo(syntax);
            assertThat(DicomFile.pixelData(stored)).isEqualTo(DicomFile.pixelData(j2k));
        }
    }

    @Test
    void jpegLsContextIsRefusedInNegotiationAndNothingIsStored() throws Exception {
        Path jls = compress("dcmcjpls", original);
        assertThat(DicomFile.transferSyntax(jls)).isEqualTo(JPEG_LS_LOSSLESS);

        Tool sent = Tool.storescu(List.of("-xt", "-d"), PORT, "STORESCU", AE, jls.toString());

        assertThat(sent.ok()).isFalse();
        assertThat(sent.output()).contains("Transfer Syntaxes Not Supported")
                .contains("unable to convert dataset from 'JPEG-LS Lossless'");
        given().get("/api/instances/" + image.sopInstanceUid()).then().statusCode(404);
        assertThat(Tool.echoscu(PORT, "ECHOSCU", AE).ok()).isTrue();
    }

    @Test
    void twelveBitLossyJpegMammogramIsRefusedInNegotiation() throws Exception {
        Path jply = dir.resolve("jply.dcm");
        Tool encoded = Tool.run("dcmcjpeg", "+ee", original.toString(), jply.toString()); // 12-bit extended, lossy
        assertThat(encoded.ok()).as(encoded.toString()).isTrue();
        assertThat(DicomFile.transferSyntax(jply)).isEqualTo(JPEG_EXTENDED_12_BIT);
        Tool sent = Tool.storescu(List.of("-xx", "-d"), PORT, "STORESCU", AE, jply.toString());
        assertThat(sent.ok()).isFalse();
        assertThat(sent.output()).contains("Transfer Syntaxes Not Supported");
        given().get("/api/instances/" + DicomFile.sopInstanceUid(jply)).then().statusCode(404);
    }

    private Path compress(String tool, Path in) throws Exception {
        Path out = dir.resolve(tool + ".dcm");
        Tool t = Tool.run(tool, in.toString(), out.toString());
        assertThat(t.ok()).as(t.toString()).isTrue();
        return out;
    }

    static Path storedFile(String sopInstanceUid) {
        String path = given().get("/api/instances/" + sopInstanceUid).then().statusCode(200).extract().path("filePath");
        return Path.of(path);
    }
}
