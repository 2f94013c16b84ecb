package org.mammoai.node.dicom;

import org.mammoai.node.config.NodeConfigStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mammoai.node.dicom.ReceiveTest.AE;
import static org.mammoai.node.dicom.ReceiveTest.PORT;
import static org.mammoai.node.dicom.ReceiveTest.metric;

import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.PresentationContext;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.Tool;

/** Who may associate, checked with dcmtk's echoscu against the running node. */
@QuarkusTest
class AssociationPolicyTest {
    @Inject
    NodeConfigStore configs;

    @Test
    void knownCallerCanEcho() throws Exception {
        Tool echo = Tool.echoscu(PORT, "ECHOSCU", AE);
        assertThat(echo.ok()).as(echo.toString()).isTrue();
    }

    @Test
    void unknownCallingAeIsRejectedAsNotRecognized() throws Exception {
        double before = metric("mammo_dicom_associations_rejected_total", "calling-ae-not-recognized");
        Tool echo = Tool.echoscu(PORT, "INTRUDER", AE);
        assertThat(echo.ok()).isFalse();
        assertThat(echo.output()).contains("Rejected Permanent").contains("Calling AE Title Not Recognized");
        assertThat(metric("mammo_dicom_associations_rejected_total", "calling-ae-not-recognized")).isEqualTo(before + 1);
    }

    @Test
    void wrongCalledAeIsRejectedAsNotRecognized() throws Exception {
        Tool echo = Tool.echoscu(PORT, "ECHOSCU", "SOMEONE_ELSE");
        assertThat(echo.ok()).isFalse();
        assertThat(echo.output()).contains("Rejected Permanent").contains("Called AE Title Not Recognized");
    }

    @Test
    void associationsOverTheLimitAreRejectedTransientlyUntilOneEnds() throws Exception {
        List<Association> held = new ArrayList<>();
        try {
            // an earlier test's association may still be ending: the first slots are taken with a little patience
            for (int i = 0; i < configs.current().ae().limits().maxAssociations(); i++) {
                held.add(openWithin(5_000));
            }
            Tool refused = Tool.echoscu(PORT, "ECHOSCU", AE);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).contains("Rejected Transient").contains("Local Limit Exceeded");

            held.remove(0).release();
            assertThat(echoWithin(5_000)).as("a slot frees up after a release").isTrue();
        } finally {
            for (Association a : held) {
                a.release();
            }
            assertThat(echoWithin(5_000)).as("all slots free again").isTrue();
        }
    }

    @Test
    void garbageOnThePortIsAbortedAndTheNodeKeepsServing() throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", PORT)) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            socket.setSoTimeout(5_000);
            byte[] answer = socket.getInputStream().readAllBytes(); // PS3.8: an A-ABORT, then the node closes
            assertThat(answer).as("A-ABORT, invalid PDU parameter").containsExactly(0x07, 0, 0, 0, 0, 4, 0, 0, 2, 6);
        }
        assertThat(Tool.echoscu(PORT, "ECHOSCU", AE).ok()).isTrue();
    }

    private static Association openVerificationAssociation() throws Exception {
        LinkedList<PresentationContext> contexts = new LinkedList<>();
        contexts.add(new PresentationContext((byte) 1, AcceptedSyntaxes.VERIFICATION, "1.2.840.10008.1.2"));
        return AssociationFactory.createNewAssociation("127.0.0.1", PORT, AE, "TESTSCU", contexts, null, false);
    }

    private static Association openWithin(long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try {
                return openVerificationAssociation();
            } catch (com.pixelmed.network.DicomNetworkException e) {
                if (System.currentTimeMillis() > deadline || !e.getMessage().contains("local limit exceeded")) throw e;
                Thread.sleep(100);
            }
        }
    }

    private static boolean echoWithin(long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        do {
            if (Tool.echoscu(PORT, "ECHOSCU", AE).ok()) {
                return true;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        return false;
    }
}
