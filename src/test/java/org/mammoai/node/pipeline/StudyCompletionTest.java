package org.mammoai.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mammoai.node.config.NodeConfigStore;
import org.mammoai.node.results.AnalysedImage;
import org.mammoai.node.results.ResultCatalog;
import org.mammoai.node.results.ResultFile;
import org.mammoai.node.results.ResultFiles;
import org.mammoai.node.results.ResultWriter;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/** Releasing a study must not undo what others did to its jobs while its CAD SR was being written. */
@QuarkusTest
class StudyCompletionTest {
    @Inject
    ResultFiles files;
    @Inject
    NodeConfigStore configs;
    @Inject
    ResultCatalog results;

    @Test
    void aJobTakenOnElsewhereWhileTheStudyReportIsWrittenStaysTakenOn() throws Exception {
        // seen on PostgreSQL: the job entities loaded for the report were flushed whole, turning a job another
        // node had just taken over back into this node's DONE job
        SyntheticDicom image = SyntheticDicom.mammogram("L", "CC").size(256, 200).phantom();
        AtomicBoolean takenOn = new AtomicBoolean();
        QuarkusMock.installMockForType(new ResultWriter(files, "test", configs) {
            @Override
            public ResultFile writeStudyReport(List<AnalysedImage> images, int version, String predecessorUid)
                    throws java.io.IOException, com.pixelmed.dicom.DicomException {
                if (takenOn.compareAndSet(false, true)) {
                    QuarkusTransaction.requiringNew().run(() -> AnalysisJob.update(
                            "state = ?1, owner = ?2, heartbeatAt = ?3, attempts = 2 where sopInstanceUid = ?4",
                            JobState.RUNNING, "other-node", Instant.now(), image.sopInstanceUid()));
                }
                return super.writeStudyReport(images, version, predecessorUid);
            }
        }, ResultWriter.class);
        assertThat(Tool.storescu(11199, "STORESCU", "MAMMO_TEST",
                image.write(Files.createTempDirectory("completion")).toString()).ok()).isTrue();

        long deadline = System.nanoTime() + 60_000_000_000L;
        while (QuarkusTransaction.requiringNew().call(() -> results.latestStudyReport(image.studyUid())).isEmpty()) {
            assertThat(System.nanoTime()).as("the study's CAD SR was written").isLessThan(deadline);
            Thread.sleep(200);
        }
        try {
            AnalysisJob job = QuarkusTransaction.requiringNew().call(() -> AnalysisJob.<AnalysisJob>find("sopInstanceUid", image.sopInstanceUid()).firstResult());
            assertThat(takenOn).isTrue();
            assertThat(job.state).isEqualTo(JobState.RUNNING);
            assertThat(job.owner).isEqualTo("other-node");
            assertThat(job.attempts).isEqualTo(2);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> AnalysisJob.update("state = ?1, owner = null where sopInstanceUid = ?2",
                    JobState.DONE, image.sopInstanceUid()));
        }
    }
}
