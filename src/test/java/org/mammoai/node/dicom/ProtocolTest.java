package org.mammoai.node.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mammoai.node.dicom.ReceiveTest.AE;
import static org.mammoai.node.dicom.ReceiveTest.PORT;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.LogCapture;
import org.mammoai.node.testing.RawAssociation;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/** Issue 10, 7: what PS3.8 says to refuse is refused, with the PDU and reason it names, and the node goes on. */
@QuarkusTest
class ProtocolTest {
    private static final String MG = SyntheticDicom.MG_FOR_PRESENTATION;
    private static final String TS = RawAssociation.EXPLICIT_LITTLE;

    @AfterEach
    void nodeStillAnswers() throws Exception {
        assertThat(Tool.echoscu(PORT, "ECHOSCU", AE).ok()).isTrue();
    }

    @Test
    void aWrongApplicationContextIsRejectedPermanently() throws Exception {
        byte[] rq = RawAssociation.associateRequest("STORESCU", AE, "1.2.3.4", MG, TS);
        assertThat(firstAnswer(rq)).containsExactly(0x03, 0, 0, 0, 0, 4, 0, 1, 1, 2);
    }

    @Test
    void anUnsupportedProtocolVersionIsRejected() throws Exception {
        byte[] rq = RawAssociation.associateRequest("STORESCU", AE, RawAssociation.APPLICATION_CONTEXT, 2, new int[] {1}, MG, TS);
        assertThat(firstAnswer(rq)).containsExactly(0x03, 0, 0, 0, 0, 4, 0, 1, 2, 2);
    }

    @Test
    void noPresentationContextOrRepeatedOrEvenIdsAreRejected() throws Exception {
        for (int[] ids : new int[][] {{}, {1, 1}, {2}}) {
            byte[] rq = RawAssociation.associateRequest("STORESCU", AE, RawAssociation.APPLICATION_CONTEXT, 1, ids, MG, TS);
            assertThat(firstAnswer(rq)).as(Arrays.toString(ids)).containsExactly(0x03, 0, 0, 0, 0, 4, 0, 1, 1, 1);
        }
    }

    @Test
    void anItemRunningPastThePduIsAbortedAsAnInvalidParameter() throws Exception {
        byte[] rq = RawAssociation.associateRequest("STORESCU", AE, RawAssociation.APPLICATION_CONTEXT, MG, TS);
        rq[6 + 68 + 3] = (byte) 0xF0; // the application context item now claims 240 more bytes than it has
        assertThat(firstAnswer(rq)).containsExactly(0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6);
    }

    @Test
    void aSecondAssociateRequestInsideAnAssociationIsAbortedAsUnexpected() throws Exception {
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, MG, TS)) {
            a.write(RawAssociation.associateRequest("STORESCU", AE, RawAssociation.APPLICATION_CONTEXT, MG, TS));
            byte[] answer = a.readPdu();
            assertThat(answer).hasSize(10);
            assertThat(answer[0]).isEqualTo((byte) 0x07);
            assertThat(answer[9]).as("reason: unexpected PDU").isEqualTo((byte) 2);
        }
    }

    @Test
    void aPdvOnAContextThatWasNotAcceptedIsAborted() throws Exception {
        // issue 10, 7: a C-ECHO was answered on a presentation context ID never negotiated
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, MG, TS)) {
            a.write(RawAssociation.pdv(3, true, true, new byte[] {0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0}));
            byte[] answer = a.finish(64);
            assertThat(answer).as("A-ABORT, invalid PDU parameter").containsExactly(0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6);
        }
    }

    @Test
    void controlCharactersInAnAeTitleDoNotReachTheLog() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            byte[] rq = RawAssociation.associateRequest("EVIL\nFAKE LINE", AE, RawAssociation.APPLICATION_CONTEXT, MG, TS);
            assertThat(firstAnswer(rq)).as("calling AE not recognized").containsExactly(0x03, 0, 0, 0, 0, 4, 0, 1, 1, 3);
            long deadline = System.currentTimeMillis() + 5_000;
            List<String> lines = List.of();
            while (lines.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
                lines = log.from("org.mammoai.node.dicom", Level.INFO).stream().map(LogCapture::text).filter(l -> l.contains("EVIL")).toList();
            }
            assertThat(lines).singleElement().asString().contains("EVIL?FAKE LINE").doesNotContain("\n");
        }
    }

    /** The node's whole answer to a connection that sends this and stops, as unsigned bytes. */
    private static int[] firstAnswer(byte[] firstPdu) throws Exception {
        byte[] answer = RawAssociation.exchange(PORT, firstPdu);
        return java.util.stream.IntStream.range(0, answer.length).map(i -> answer[i] & 0xff).toArray();
    }
}
