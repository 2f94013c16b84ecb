package org.mammoai.node.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mammoai.node.config.NodeConfigStore;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.inference.ImageAnalyzer;
import org.mammoai.node.results.ResultCatalog;
import org.mammoai.node.results.ResultFile;
import org.mammoai.node.results.ResultFiles;
import org.mammoai.node.results.ResultWriter;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/**
 * Nodes sharing one database: a restarting node takes back only the jobs it was running itself, and a node that lost
 * its job to another leaves the other's outcome and files alone.
 */
@QuarkusTest
class JobQueueTest {
    @Inject
    JobQueue queue;
    @Inject
    ResultFiles files;
    @Inject
    NodeConfigStore configs;
    @Inject
    ResultCatalog results;

    @Test
    void restartRequeuesOnlyThisNodesInterruptedJobs() {
        long mine = running("test-node"), othersLive = running("other-node");
        try {
            assertThat(queue.requeueInterrupted()).isPositive(); // ours, and any this node was running when called

            assertThat(state(othersLive)).isEqualTo(JobState.RUNNING);
            assertThat(state(mine)).isNotEqualTo(JobState.RUNNING); // queued again (a worker may already have taken it on)
        } finally {
            QuarkusTransaction.requiringNew().run(() -> AnalysisJob.delete("id in ?1", java.util.List.of(mine, othersLive)));
        }
    }

    @Test
    void aJobWhoseOwnerStoppedRenewingItsLeaseIsQueuedAgainAndALiveOneIsLeftAlone() {
        long dead = running("killed-node", Instant.now().minusSeconds(600)), live = running("other-node", Instant.now());
        try {
            assertThat(queue.reclaimExpired(java.time.Duration.ofSeconds(90))).isGreaterThanOrEqualTo(1);
            AnalysisJob taken = job(dead);
            assertThat(taken.state == JobState.RUNNING && "killed-node".equals(taken.owner)).as("not the killed node's any more").isFalse();
            assertThat(job(live).state).isEqualTo(JobState.RUNNING);
            assertThat(job(live).owner).isEqualTo("other-node");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> AnalysisJob.delete("id in ?1", java.util.List.of(dead, live)));
        }
    }

    @Test
    void thisNodeRenewsTheLeasesOfItsRunningJobs() {
        long mine = running("test-node", Instant.now().minusSeconds(60));
        try {
            assertThat(queue.renewLeases()).isGreaterThanOrEqualTo(1);
            assertThat(job(mine).heartbeatAt).isAfter(Instant.now().minusSeconds(5));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> AnalysisJob.delete("id", mine));
        }
    }

    @Test
    void aLateOutcomeOfAJobTakenOverByAnotherNodeIsDroppedAndLeavesItsJobAlone() {
        // this node paused past its lease; meanwhile the job was re-queued and claimed by another node
        long takenOver = running("other-node"), mine = running("test-node");
        try {
            String study = job(takenOver).studyInstanceUid;
            assertThat(queue.done(takenOver, "MALIGNANT", "{}", "{}", java.util.List.of(), job(takenOver).sopInstanceUid, study,
                    new JobQueue.StageTimes(1, 1, 1, 1, 1, 1, 1))).isFalse();
            assertThat(queue.end(takenOver, JobState.FAILED, "late failure")).isFalse();
            assertThat(queue.retryLater(takenOver, "late retry", java.time.Duration.ofSeconds(1))).isFalse();
            AnalysisJob theirs = job(takenOver);
            assertThat(theirs.state).isEqualTo(JobState.RUNNING);
            assertThat(theirs.owner).isEqualTo("other-node");
            assertThat(theirs.predictedClass).isNull();
            assertThat(theirs.error).isNull();

            assertThat(queue.end(mine, JobState.SKIPPED, "not suitable")).as("its own job this node still ends").isTrue();
            assertThat(job(mine).state).isEqualTo(JobState.SKIPPED);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> AnalysisJob.delete("id in ?1", java.util.List.of(takenOver, mine)));
        }
    }

    @Test
    void theResultFilesOfALateOutcomeAreDeletedAndNeverReplaceTheNewOwnersFiles() throws Exception {
        // the job is taken over while this node writes its results: as if this node had paused past its lease
        SyntheticDicom image = SyntheticDicom.mammogram("L", "MLO").size(256, 200).phantom();
        java.util.concurrent.CompletableFuture<java.util.List<ResultFile>> written = new java.util.concurrent.CompletableFuture<>();
        QuarkusMock.installMockForType(new ResultWriter(files, "test", configs) {
            @Override
            public java.util.List<ResultFile> writeImage(SourceImage source, Modality modality, ImageAnalyzer.Analysis analysis)
                    throws java.io.IOException, com.pixelmed.dicom.DicomException {
                java.util.List<ResultFile> mine = super.writeImage(source, modality, analysis);
                if (!source.sopInstanceUid().equals(image.sopInstanceUid())) return mine; // another test's job, run meanwhile
                QuarkusTransaction.requiringNew().run(() -> AnalysisJob.update("owner = ?1 where sopInstanceUid = ?2", "other-node",
                        source.sopInstanceUid()));
                written.complete(mine);
                return mine;
            }
        }, ResultWriter.class);
        try {
            assertThat(Tool.storescu(11199, "STORESCU", "MAMMO_TEST",
                    image.write(java.nio.file.Files.createTempDirectory("late")).toString()).ok()).isTrue();
            java.util.List<ResultFile> late = written.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(late).isNotEmpty();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (late.stream().anyMatch(f -> java.nio.file.Files.exists(f.path()))) {
                assertThat(System.nanoTime()).as("the late outcome's files are deleted").isLessThan(deadline);
                Thread.sleep(100);
            }
            AnalysisJob theirs = QuarkusTransaction.requiringNew().call(() -> AnalysisJob.<AnalysisJob>find("sopInstanceUid",
                    image.sopInstanceUid()).firstResult());
            assertThat(theirs.state).isEqualTo(JobState.RUNNING);
            assertThat(theirs.owner).isEqualTo("other-node");
            assertThat(QuarkusTransaction.requiringNew().call(() -> results.of(image.sopInstanceUid()))).as("nothing recorded").isEmpty();
        } finally {
            QuarkusTransaction.requiringNew().run(() -> AnalysisJob.update("state = ?1, owner = null where sopInstanceUid = ?2",
                    JobState.DONE, image.sopInstanceUid()));
        }
    }

    @Test
    void oneImageQueuedTwiceAtOnceGetsOneJobAndNoError() throws Exception {
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String uid = SyntheticDicom.newUid(), study = SyntheticDicom.newUid();
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.Callable<Boolean> enqueue = () -> {
                    start.await();
                    return queue.enqueue(uid, study);
                };
                var a = two.submit(enqueue);
                var b = two.submit(enqueue);
                start.countDown();
                assertThat(java.util.List.of(a.get(), b.get())).as("round " + round).containsExactlyInAnyOrder(true, false);
                assertThat(QuarkusTransaction.requiringNew().call(() -> AnalysisJob.count("sopInstanceUid", uid))).isEqualTo(1);
                QuarkusTransaction.requiringNew().run(() -> AnalysisJob.delete("sopInstanceUid = ?1 and state = ?2", uid, JobState.QUEUED));
            }
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void aBatchAddsOneJobPerImageWithoutOneAndRacesWithASingleAdd() throws Exception {
        String study = SyntheticDicom.newUid(), known = SyntheticDicom.newUid(), twice = SyntheticDicom.newUid(), other = SyntheticDicom.newUid();
        assertThat(queue.addAll(java.util.List.of(new JobQueue.NewJob(known, study, JobState.SKIPPED, "first")))).isEqualTo(1);
        int added = queue.addAll(java.util.List.of(new JobQueue.NewJob(known, study, JobState.SKIPPED, "again"),
                new JobQueue.NewJob(twice, study, JobState.SKIPPED, "one"), new JobQueue.NewJob(twice, study, JobState.SKIPPED, "two"),
                new JobQueue.NewJob(other, study, JobState.SKIPPED, "other")));
        assertThat(added).as("the image that had a job keeps it; the one twice in the batch gets one").isEqualTo(2);
        assertThat(QuarkusTransaction.requiringNew().call(() -> AnalysisJob.<AnalysisJob>find("sopInstanceUid", known).singleResult().error))
                .isEqualTo("first");
        assertThat(QuarkusTransaction.requiringNew().call(() -> AnalysisJob.<AnalysisJob>find("sopInstanceUid", twice).singleResult().error))
                .isEqualTo("one");

        // a batch and a single add of one image at once (the event and the start-up scan): one job, no error
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String uid = SyntheticDicom.newUid(), neighbour = SyntheticDicom.newUid();
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                var batch = two.submit(() -> {
                    start.await();
                    return queue.addAll(java.util.List.of(new JobQueue.NewJob(neighbour, study, JobState.SKIPPED, "b"),
                            new JobQueue.NewJob(uid, study, JobState.SKIPPED, "b")));
                });
                var single = two.submit(() -> {
                    start.await();
                    return queue.enqueue(uid, study);
                });
                start.countDown();
                assertThat(batch.get() + (single.get() ? 1 : 0)).as("round " + round + ": two images, each added once").isEqualTo(2);
                assertThat(QuarkusTransaction.requiringNew().call(() -> AnalysisJob.count("sopInstanceUid in ?1", java.util.List.of(uid, neighbour))))
                        .isEqualTo(2);
            }
        } finally {
            two.shutdownNow();
            QuarkusTransaction.requiringNew().run(() -> AnalysisJob.delete("studyInstanceUid = ?1 and state <> ?2", study, JobState.RUNNING));
        }
    }

    private static AnalysisJob job(long id) {
        return QuarkusTransaction.requiringNew().call(() -> AnalysisJob.<AnalysisJob>findById(id));
    }

    private static long running(String owner) {
        return running(owner, Instant.now());
    }

    private static long running(String owner, Instant heartbeat) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AnalysisJob job = new AnalysisJob();
            job.sopInstanceUid = SyntheticDicom.newUid();
            job.studyInstanceUid = SyntheticDicom.newUid();
            job.state = JobState.RUNNING;
            job.owner = owner;
            job.attempts = 1;
            job.createdAt = Instant.now();
            job.startedAt = heartbeat;
            job.heartbeatAt = heartbeat;
            job.persist();
            return job.id;
        });
    }

    private static JobState state(long id) {
        return QuarkusTransaction.requiringNew().call(() -> AnalysisJob.<AnalysisJob>findById(id).state);
    }
}
