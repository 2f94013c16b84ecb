package org.mammoai.node.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.SOPClass;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mammoai.node.config.ResultType;
import org.mammoai.node.results.ResultCatalog;
import org.mammoai.node.results.ResultFile;
import org.mammoai.node.results.ResultFiles;
import org.mammoai.node.results.ResultInstance;
import org.mammoai.node.testing.SyntheticDicom;

/** An image analysed again: what was not yet sent of its earlier results is not sent any more, nor resent with the study. */
@QuarkusTest
class DeliveryQueueTest {
    @Inject
    DeliveryQueue queue;
    @Inject
    ResultCatalog results;
    @Inject
    ResultFiles files;

    @Test
    void unsentDeliveriesOfReplacedResultsAreDroppedAndSentOnesKeptButNotResent() throws Exception {
        String study = SyntheticDicom.newUid(), source = SyntheticDicom.newUid();
        ResultFile seg = file(study, source, ResultType.SEG, SOPClass.SegmentationStorage);
        ResultFile sr = file(study, source, ResultType.TID1500_SR, SOPClass.ComprehensiveSRStorage);
        QuarkusTransaction.requiringNew().run(() -> {
            results.recordImageResults(study, source, List.of(seg, sr));
            ResultInstance.<ResultInstance>list("sourceSopInstanceUid", source).forEach(queue::schedule);
            // the SEG reached the PACS; the SR waits for a retry (not due during this test)
            Delivery.update("state = ?1 where sopInstanceUid = ?2", DeliveryState.SENT, seg.sopInstanceUid());
            Delivery.update("nextAttemptAt = ?1 where sopInstanceUid = ?2", Instant.now().plusSeconds(3600), sr.sopInstanceUid());
        });
        assertThat(deliveries(study)).extracting(d -> d.sopInstanceUid).containsExactlyInAnyOrder(seg.sopInstanceUid(), sr.sopInstanceUid());

        ResultFile newSr = file(study, source, ResultType.TID1500_SR, SOPClass.ComprehensiveSRStorage);
        QuarkusTransaction.requiringNew().run(() -> results.recordImageResults(study, source, List.of(newSr)));

        List<Delivery> left = deliveries(study);
        assertThat(left).as("the old SR is not sent any more; the sent SEG stays on record")
                .extracting(d -> d.sopInstanceUid).containsExactly(seg.sopInstanceUid());
        assertThat(left.get(0).state).isEqualTo(DeliveryState.SENT);
        assertThat(queue.resendStudy(study)).as("a replaced result is not resent with its study").isZero();
        assertThat(deliveries(study).get(0).state).isEqualTo(DeliveryState.SENT);
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery.delete("studyInstanceUid", study);
            ResultInstance.delete("studyInstanceUid", study);
        });
    }

    private ResultFile file(String study, String source, ResultType type, String sopClass) throws Exception {
        String uid = SyntheticDicom.newUid();
        Path path = files.root().resolve(study).resolve(source).resolve(uid + ".dcm");
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[] {0});
        return new ResultFile(type, sopClass, uid, path);
    }

    private static List<Delivery> deliveries(String study) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>list("studyInstanceUid = ?1 order by id", study));
    }
}
