package org.mammoai.node.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.RawAssociation;

class CommandSetTest {
    private static final String MG = "1.2.840.10008.5.1.4.1.1.1.2";

    @Test
    void aStoreRequestIsReadAndAnsweredWithItsIdsAndTheStatus() throws Exception {
        CommandSet request = CommandSet.parse(RawAssociation.command(CommandSet.C_STORE_RQ, MG, "1.2.3.45", 7));
        assertThat(request.commandField()).isEqualTo(CommandSet.C_STORE_RQ);
        assertThat(request.messageId()).isEqualTo(7);
        assertThat(request.hasDataSet()).isTrue();
        assertThat(request.affectedSopClass()).isEqualTo(MG);
        assertThat(request.affectedSopInstance()).as("NUL padding dropped").isEqualTo("1.2.3.45");

        byte[] response = CommandSet.response(request, CommandSet.OUT_OF_RESOURCES);
        CommandSet read = CommandSet.parse(response);
        assertThat(read.commandField()).isEqualTo(CommandSet.C_STORE_RSP);
        assertThat(read.hasDataSet()).isFalse();
        assertThat(read.affectedSopInstance()).isEqualTo("1.2.3.45");
        AttributeList list = new AttributeList(); // PixelMed reads it as the implicit VR command group it must be
        list.read(new com.pixelmed.dicom.DicomInputStream(new ByteArrayInputStream(response), "1.2.840.10008.1.2", false));
        assertThat(list.get(TagFromName.Status).getSingleIntegerValueOrDefault(-1)).isEqualTo(0xA700);
        assertThat(list.get(TagFromName.MessageIDBeingRespondedTo).getSingleIntegerValueOrDefault(-1)).isEqualTo(7);
        assertThat(list.get(new com.pixelmed.dicom.AttributeTag(0x0000, 0x0000)).getSingleIntegerValueOrDefault(-1)).isEqualTo(response.length - 12);
    }

    @Test
    void commandsThatDoNotAddUpAreRefused() {
        byte[] good = RawAssociation.command(CommandSet.C_STORE_RQ, MG, "1.2.3", 1);
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> CommandSet.parse(cut)).isInstanceOf(CommandSet.InvalidCommandException.class);
        byte[] otherGroup = good.clone();
        otherGroup[0] = 8;
        assertThatThrownBy(() -> CommandSet.parse(otherGroup)).hasMessageContaining("outside group 0000");
        byte[] hugeLength = good.clone();
        hugeLength[7] = 0x7f; // the group length's value length now claims ~2 GB
        assertThatThrownBy(() -> CommandSet.parse(hugeLength)).hasMessageContaining("runs past the command");
        assertThatThrownBy(() -> CommandSet.parse(new byte[0])).hasMessageContaining("command field");
    }
}
