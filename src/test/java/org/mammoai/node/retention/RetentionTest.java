package org.mammoai.node.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.mammoai.node.access.AuditLog;
import org.mammoai.node.pipeline.AnalysisJob;
import org.mammoai.node.pipeline.JobState;
import org.mammoai.node.results.ResultCatalog;
import org.mammoai.node.results.ResultFiles;
import org.mammoai.node.results.ResultInstance;
import org.mammoai.node.send.Delivery;
import org.mammoai.node.send.DeliveryState;
import org.mammoai.node.store.StoreQueries;
import org.mammoai.node.store.StoredInstance;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/**
 * Retention deletes a study's images, rows and results only once it is done with: old enough, every analysis ended,
 * every result acknowledged by its destinations. The study can be sent and analysed again afterwards.
 */
@QuarkusTest
class RetentionTest {
    private static final Instant LONG_AGO = Instant.parse("2001-01-01T00:00:00Z");
    private static final Instant CUTOFF = Instant.parse("2002-01-01T00:00:00Z");

    @Inject
    RetentionSweep sweep;
    @Inject
    StoreQueries store;
    @Inject
    ResultCatalog results;
    @Inject
    ResultFiles resultFiles;
    @Inject
    AuditLog audit;

    @Test
    void aStudyDoneWithIsDeletedAndOneStillOwedToItsDestinationsIsKept() throws Exception {
        Path dir = Files.createTempDirectory("retention");
        String old = SyntheticDicom.newUid();
        SyntheticDicom cc = SyntheticDicom.mammogram("L", "CC").study(old).size(256, 200).phantom().patient("PID-RET", "Kept^Not");
        SyntheticDicom mlo = SyntheticDicom.mammogram("L", "MLO").study(old).size(256, 200).phantom().patient("PID-RET", "Kept^Not");
        SyntheticDicom recent = SyntheticDicom.mammogram("R", "CC").size(256, 200).phantom().patient("PID-RET", "Kept^Not");
        SyntheticDicom held = SyntheticDicom.mammogram("R", "MLO").size(256, 200).phantom(); // older still, never delivered
        Path ccFile = cc.write(dir);
        assertThat(Tool.storescu(11199, "STORESCU", "MAMMO_TEST", ccFile.toString(), mlo.write(dir).toString(),
                recent.write(dir).toString(), held.write(dir).toString()).ok()).isTrue();
        // the test node's destinations are not listening here: every delivery ends dead after its retries
        awaitTrue("the old study's results are written and its deliveries have given up", () -> report(old) && allDeliveries(old, DeliveryState.DEAD) && report(held.studyUid()));
        Path spooled = store.storedImage(cc.sopInstanceUid()).orElseThrow().file();
        Path studyResults = resultFiles.root().resolve(old);
        List<Path> resultPaths = QuarkusTransaction.requiringNew().call(() -> ResultInstance.<ResultInstance>list("studyInstanceUid", old)
                .stream().map(r -> resultFiles.resolve(r.filePath)).toList());
        assertThat(resultPaths).hasSizeGreaterThanOrEqualTo(3).allSatisfy(p -> assertThat(p).exists()); // a TID 1500 SR per image, the CAD SR
        QuarkusTransaction.requiringNew().run(() -> StoredInstance.update("receivedAt = ?1 where sopInstanceUid in ?2", LONG_AGO,
                List.of(cc.sopInstanceUid(), mlo.sopInstanceUid())));

        // (studies left aged by an earlier, interrupted run of this test may be counted too)
        assertThat(sweep.sweep(CUTOFF).failed()).isZero();
        assertThat(store.study(old)).as("its results never reached a destination").isPresent();
        assertThat(spooled).exists();

        // acknowledged after a manual resend, say; but an image of it is being analysed again
        QuarkusTransaction.requiringNew().run(() -> Delivery.update("state = ?1 where studyInstanceUid = ?2", DeliveryState.SENT, old));
        QuarkusTransaction.requiringNew().run(() -> AnalysisJob.update("state = ?1 where sopInstanceUid = ?2", JobState.QUEUED, mlo.sopInstanceUid()));
        try {
            assertThat(sweep.sweep(CUTOFF).failed()).isZero();
            assertThat(store.study(old)).as("an analysis has not ended").isPresent();
        } finally {
            QuarkusTransaction.requiringNew().run(() -> AnalysisJob.update("state = ?1 where sopInstanceUid = ?2 and state = ?3", JobState.DONE,
                    mlo.sopInstanceUid(), JobState.QUEUED));
        }
        awaitTrue("no job of the study runs", () -> QuarkusTransaction.requiringNew().call(() ->
                AnalysisJob.count("studyInstanceUid = ?1 and state in (?2, ?3)", old, JobState.QUEUED, JobState.RUNNING) == 0));
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery.update("state = ?1 where studyInstanceUid = ?2", DeliveryState.SENT, old);
            // a dead letter to a destination since taken out of the configuration: owed to nobody now
            Delivery.update("state = ?1, destination = ?2 where studyInstanceUid = ?3 and destination = ?4", DeliveryState.DEAD, "removed-pacs",
                    old, "offline");
        });

        // one study per page: the older study held by its undelivered results must not stop this one from going
        QuarkusTransaction.requiringNew().run(() -> StoredInstance.update("receivedAt = ?1 where sopInstanceUid = ?2", LONG_AGO.minusSeconds(86400),
                held.sopInstanceUid()));
        RetentionSweep.Outcome outcome = sweep.sweep(CUTOFF, 1);
        assertThat(outcome.failed()).isZero();
        assertThat(outcome.deleted()).isPositive();
        assertThat(store.study(old)).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> audit.recent(20))).as("the deletion is in the audit log, by the node")
                .anyMatch(e -> e.action.equals("retention.delete") && e.detail.startsWith("study " + old + ": 2 instances")
                        && e.username.equals(AuditLog.NODE));
        assertThat(store.storedImage(cc.sopInstanceUid())).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> AnalysisJob.count("studyInstanceUid", old))).isZero();
        assertThat(QuarkusTransaction.requiringNew().call(() -> ResultInstance.count("studyInstanceUid", old))).isZero();
        assertThat(QuarkusTransaction.requiringNew().call(() -> Delivery.count("studyInstanceUid", old))).isZero();
        assertThat(spooled).doesNotExist();
        assertThat(spooled.getParent()).as("the study's spool folder").doesNotExist();
        assertThat(studyResults).as("its results, display images and folders").doesNotExist();
        // the newer study of the same patient stays, with its files
        assertThat(store.study(recent.studyUid())).isPresent();
        assertThat(store.study(held.studyUid())).as("older, but its results never reached the PACS").isPresent();
        assertThat(store.storedImage(recent.sopInstanceUid()).orElseThrow().file()).exists();

        // sent again later: stored and analysed afresh, though this node had the deleted study's rows in its caches
        assertThat(Tool.storescu(11199, "STORESCU", "MAMMO_TEST", ccFile.toString()).ok()).isTrue();
        awaitTrue("the image is analysed again", () -> QuarkusTransaction.requiringNew().call(() ->
                AnalysisJob.count("sopInstanceUid = ?1 and state = ?2", cc.sopInstanceUid(), JobState.DONE) == 1));
        assertThat(store.storedImage(cc.sopInstanceUid()).orElseThrow().file()).exists();
        assertThat(QuarkusTransaction.requiringNew().call(() -> results.of(cc.sopInstanceUid()))).isNotEmpty();
    }

    @Test
    void theConsoleSaysHowLongStudiesAreKept() {
        assertThat(RetentionSweep.summary(java.util.Optional.of(java.time.Duration.ofDays(30))))
                .isEqualTo(new RetentionSweep.Summary("30 days", "deleted after their last image, once analysed and delivered"));
        assertThat(RetentionSweep.summary(java.util.Optional.of(java.time.Duration.ofDays(1))).keep()).isEqualTo("1 day");
        assertThat(RetentionSweep.summary(java.util.Optional.of(java.time.Duration.ofHours(36))).keep()).isEqualTo("36 hours");
        assertThat(RetentionSweep.summary(java.util.Optional.of(java.time.Duration.ofMinutes(90))).keep()).isEqualTo("PT1H30M");
        assertThat(RetentionSweep.summary(java.util.Optional.empty())).isEqualTo(new RetentionSweep.Summary("off", "studies are kept until deleted by hand"));
    }

    private boolean report(String studyUid) {
        return QuarkusTransaction.requiringNew().call(() -> results.latestStudyReport(studyUid)).isPresent();
    }

    private static boolean allDeliveries(String studyUid, DeliveryState state) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Delivery> all = Delivery.list("studyInstanceUid", studyUid);
            return !all.isEmpty() && all.stream().allMatch(d -> d.state == state);
        });
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
