package org.mammoai.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    @Inject
    StudyCompletion completion;

    @Test
    void aJobTakenOnElsewhereWhileTheStudyReportIsWrittenStaysTakenOn() throws Exception {
        // seen on PostgreSQL: the job entities loaded for the report were flushed whole, turning a job another
        // node had just taken over back into this node's DONE job. Now the takeover waits for the release to commit.
        SyntheticDicom image = SyntheticDicom.mammogram("L", "CC").size(256, 200).phantom();
        AtomicReference<CompletableFuture<Void>> takeover = new AtomicReference<>();
        sendAndAwaitStudyReport(image, () -> takeover.compareAndSet(null, CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew()
                .run(() -> AnalysisJob.update("state = ?1, owner = ?2, heartbeatAt = ?3, attempts = 2 where sopInstanceUid = ?4",
                        JobState.RUNNING, "other-node", Instant.now(), image.sopInstanceUid())))));
        try {
            assertThat(takeover.get()).as("the report was written").isNotNull();
            takeover.get().get(30, TimeUnit.SECONDS);
            AnalysisJob job = QuarkusTransaction.requiringNew().call(() -> AnalysisJob.<AnalysisJob>find("sopInstanceUid", image.sopInstanceUid()).firstResult());
            assertThat(job.state).isEqualTo(JobState.RUNNING);
            assertThat(job.owner).isEqualTo("other-node");
            assertThat(job.attempts).isEqualTo(2);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> AnalysisJob.update("state = ?1, owner = null where sopInstanceUid = ?2",
                    JobState.DONE, image.sopInstanceUid()));
        }
    }

    @Test
    void twoNodesReleasingOneStudyAtOnceWriteOneNewReportVersion() throws Exception {
        SyntheticDicom image = SyntheticDicom.mammogram("R", "MLO").size(256, 200).phantom();
        java.util.concurrent.CyclicBarrier bothWriting = new java.util.concurrent.CyclicBarrier(2);
        AtomicBoolean racing = new AtomicBoolean();
        sendAndAwaitStudyReport(image, () -> {
            if (!racing.get()) return;
            try { // lets two releases overlap here if nothing keeps them apart
                bothWriting.await(500, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.BrokenBarrierException | InterruptedException e) {
                // the other release is held back: as it should be
            }
        });
        assertThat(QuarkusTransaction.requiringNew().call(() -> results.latestStudyReport(image.studyUid())).orElseThrow().version()).isEqualTo(1);

        // its image analysed again after the release: the next report version is due, and two nodes notice at once
        QuarkusTransaction.requiringNew().run(() -> AnalysisJob.update("inStudyReport = false where sopInstanceUid = ?1", image.sopInstanceUid()));
        racing.set(true);
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = nodes.submit(() -> completion.releaseInOneTransaction(image.studyUid()));
            var second = nodes.submit(() -> completion.releaseInOneTransaction(image.studyUid()));
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        } finally {
            nodes.shutdownNow();
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> results.latestStudyReport(image.studyUid())).orElseThrow().version())
                .as("one version 2, not two").isEqualTo(2);
    }

    /**
     * Sends the image to the node, whose result writer runs {@code beforeEachReport} before it writes a study report,
     * and waits for the study's first report.
     */
    private void sendAndAwaitStudyReport(SyntheticDicom image, Runnable beforeEachReport) throws Exception {
        QuarkusMock.installMockForType(new ResultWriter(files, "test", configs) {
            @Override
            public ResultFile writeStudyReport(List<AnalysedImage> images, int version, String predecessorUid)
                    throws java.io.IOException, com.pixelmed.dicom.DicomException {
                beforeEachReport.run();
                return super.writeStudyReport(images, version, predecessorUid);
            }
        }, ResultWriter.class);
        assertThat(Tool.storescu(11199, "STORESCU", "MAMMO_TEST",
                image.write(Files.createTempDirectory("completion")).toString()).ok()).isTrue();
        String studyUid = image.studyUid();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (QuarkusTransaction.requiringNew().call(() -> results.latestStudyReport(studyUid)).isEmpty()) {
            assertThat(System.nanoTime()).as("the study's CAD SR was written").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
