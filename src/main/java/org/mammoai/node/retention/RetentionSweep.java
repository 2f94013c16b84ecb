package org.mammoai.node.retention;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.mammoai.node.access.AuditLog;
import org.mammoai.node.common.FileTrees;
import org.mammoai.node.pipeline.JobQueue;
import org.mammoai.node.results.ResultCatalog;
import org.mammoai.node.results.ResultFiles;
import org.mammoai.node.send.DeliveryQueue;
import org.mammoai.node.store.Spool;
import org.mammoai.node.store.StudyRemoval;

/**
 * Deletes studies that are done with (mammo.retention.keep after their last image, every analysis ended, every result
 * acknowledged by its destinations): their rows in one transaction, in which any package can refuse, and their files.
 * Without it the spool and results grow until the spool's free-space floor refuses new images.
 */
@ApplicationScoped
public class RetentionSweep {
    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);
    private static final int PAGE = 100;

    private final RetentionSettings settings;
    private final StudyRemoval studies;
    private final JobQueue jobs;
    private final ResultCatalog results;
    private final DeliveryQueue deliveries;
    private final AuditLog audit;
    private final Set<Path> roots;

    public RetentionSweep(RetentionSettings settings, StudyRemoval studies, JobQueue jobs, ResultCatalog results, DeliveryQueue deliveries,
                          Spool spool, ResultFiles resultFiles, AuditLog audit) {
        this.audit = audit;
        this.settings = settings;
        this.studies = studies;
        this.jobs = jobs;
        this.results = results;
        this.deliveries = deliveries;
        this.roots = Set.of(spool.root(), resultFiles.root());
    }

    @Scheduled(every = "${mammo.retention.check:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        settings.keep().ifPresent(keep -> sweep(Instant.now().minus(keep)));
    }

    /** What retention does, for the console: how long studies are kept ("30 days", or "off"), and what that means. */
    public record Summary(String keep, String detail) {}

    public Summary summary() {
        return summary(settings.keep());
    }

    static Summary summary(Optional<Duration> keep) {
        return keep.map(d -> new Summary(readable(d), "deleted after their last image, once analysed and delivered"))
                .orElse(new Summary("off", "studies are kept until deleted by hand"));
    }

    private static String readable(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        return d.toString();
    }

    /** Of the studies last received before a cutoff: how many were deleted, kept (not done with) and failed. */
    public record Outcome(int deleted, int kept, int failed) {}

    /** Deletes the studies last received before the cutoff that are done with, at most mammo.retention.max-studies-per-check. */
    public Outcome sweep(Instant cutoff) {
        return sweep(cutoff, PAGE);
    }

    /**
     * Pages through the old studies, oldest first, past those it keeps: studies held by an undelivered result must not
     * stop the ones behind them from being deleted.
     */
    Outcome sweep(Instant cutoff, int page) {
        int deleted = 0, kept = 0, failed = 0;
        List<String> old;
        do {
            int skip = kept + failed; // the deleted ones have left the list
            old = QuarkusTransaction.requiringNew().call(() -> studies.studiesLastReceivedBefore(cutoff, skip, page));
            for (String studyUid : old) {
                if (deleted >= settings.maxStudiesPerCheck()) break;
                try {
                    QuarkusTransaction.requiringNew().run(() -> remove(studyUid, cutoff));
                    deleted++;
                } catch (NotDoneWith e) {
                    kept++; // its rows untouched
                } catch (RuntimeException e) { // e.g. an image of the study arriving meanwhile: tried again at the next check
                    failed++;
                    LOG.warnf("Retention: study %s not deleted this time: %s", studyUid, e.getMessage());
                }
            }
        } while (old.size() == page && deleted < settings.maxStudiesPerCheck());
        Outcome outcome = new Outcome(deleted, kept, failed);
        if (deleted + kept + failed > 0) LOG.infof("Retention: of the studies last received before %s, %d deleted, %d kept (results not "
                + "yet delivered or analyses not ended), %d failed", cutoff, deleted, kept, failed);
        return outcome;
    }

    /** Thrown to roll back what the other packages deleted when one refuses: the study is not done with. */
    private static final class NotDoneWith extends RuntimeException {
        NotDoneWith() {
            super(null, null, false, false);
        }
    }

    /**
     * The study's rows deleted, then its files, last, inside the transaction: a spool file outliving its rows (a crash
     * after the commit) would be cataloged again at the next start and analysed and sent again, and result files
     * outliving theirs (they hold the patient's name and ID) would stay on disk with nothing left to delete them. Only a
     * failing commit can now leave rows whose files are gone; the study is done with, so the next check deletes them.
     */
    private void remove(String studyUid, Instant cutoff) {
        Optional<StudyRemoval.Removed> stored = studies.removeIfReceivedBefore(studyUid, cutoff);
        if (stored.isEmpty() || !deliveries.removeDeliveredStudy(studyUid) || !jobs.removeEndedStudy(studyUid)) throw new NotDoneWith();
        List<Path> resultFiles = results.removeStudy(studyUid, stored.get().sopInstanceUids());
        audit.record(null, "retention.delete", "study " + studyUid + ": " + stored.get().sopInstanceUids().size() + " instances, last received before "
                + cutoff);
        deleteFiles(stored.get().files());
        deleteFiles(resultFiles);
    }

    /** Deletes the files and folders, then their folders up to (not including) the spool and results roots once empty. */
    private void deleteFiles(List<Path> paths) {
        Set<Path> parents = new LinkedHashSet<>();
        for (Path p : paths) {
            try {
                FileTrees.delete(p);
            } catch (IOException e) {
                LOG.warnf("Retention: could not delete %s: %s", p, e.getMessage());
            }
            parents.add(p.getParent());
        }
        for (Path dir : parents) {
            for (Path d = dir; d != null && !roots.contains(d) && roots.stream().anyMatch(d::startsWith); d = d.getParent()) {
                try {
                    Files.deleteIfExists(d);
                } catch (DirectoryNotEmptyException e) {
                    break; // still holds another image or study
                } catch (IOException e) {
                    LOG.warnf("Retention: could not delete the folder %s: %s", d, e.getMessage());
                    break;
                }
            }
        }
    }
}
