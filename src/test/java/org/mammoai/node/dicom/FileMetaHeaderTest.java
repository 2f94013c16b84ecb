package org.mammoai.node.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMetaHeaderTest {
    private static final String MG = "1.2.840.10008.5.1.4.1.1.1.2";

    @Test
    void theFileMetaHeaderIsReadBackWithOverlongPeerUidsCut(@TempDir Path dir) throws Exception {
        String longUid = "1." + "2".repeat(80);
        byte[] header = FileMetaHeader.of(MG, longUid, "1.2.840.10008.1.2.1", "MODALITY");
        Path file = dir.resolve("x.dcm");
        Files.write(file, header);
        AttributeList meta = new AttributeList();
        meta.read(file.toString());
        assertThat(meta.get(TagFromName.MediaStorageSOPInstanceUID).getSingleStringValueOrNull()).isEqualTo(longUid.substring(0, 64));
        assertThat(meta.get(TagFromName.MediaStorageSOPClassUID).getSingleStringValueOrNull()).isEqualTo(MG);
        assertThat(meta.get(TagFromName.ImplementationVersionName).getSingleStringValueOrNull()).isEqualTo(Implementation.VERSION_NAME);
        assertThat(meta.get(TagFromName.SourceApplicationEntityTitle).getSingleStringValueOrNull()).isEqualTo("MODALITY");
        assertThat(meta.get(TagFromName.FileMetaInformationGroupLength).getSingleIntegerValueOrDefault(-1)).isEqualTo(header.length - 144);
    }
}
