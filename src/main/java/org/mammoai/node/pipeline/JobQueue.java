package org.mammoai.node.pipeline;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.mammoai.node.common.EnumColumns;
import org.mammoai.node.results.ResultFile;
import org.mammoai.node.results.ResultCatalog;
import org.mammoai.node.store.StoreQueries;

/**
 * The analysis queue in the database. A job is claimed by a conditional update (QUEUED -> RUNNING),
 * which only one worker, on any node sharing the database, can win.
 */
@ApplicationScoped
public class JobQueue {
    private static final Logger LOG = Logger.getLogger(JobQueue.class);
    private static final int CLAIM_TRIES = 5;

    private final String nodeId;

    private final ResultCatalog results;
    private final StoreQueries store;

    public JobQueue(PipelineSettings settings, ResultCatalog results, StoreQueries store) {
        this.results = results;
        this.store = store;
        this.nodeId = settings.nodeId().orElseGet(JobQueue::hostName);
    }

    // before start-up work writes a job (see EnumColumns)
    void keepEnumColumnOpen(@Observes @Priority(1000) StartupEvent event) {
        EnumColumns.keepOpen("analysis_job", "state");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * Queues an image once; a re-sent instance keeps its existing job and results. Safe to call twice at once for one
     * image (the event and the start-up scan): the loser of the unique key finds the winner's job and returns false.
     */
    public boolean enqueue(String sopInstanceUid, String studyInstanceUid) {
        return addOnce(sopInstanceUid, studyInstanceUid, JobState.QUEUED, null);
    }

    /** An image to record a job for: queued, or (with its reason) already ended SKIPPED. */
    public record NewJob(String sopInstanceUid, String studyInstanceUid, JobState state, String reason) {}

    /**
     * Adds jobs for the images that have none, in one transaction (one commit for a batch of received images); if that
     * fails (another node added one of them meanwhile), each is added on its own as {@link #enqueue} does. Returns how
     * many were added.
     */
    public int addAll(List<NewJob> jobs) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Set<String> existing = withJobs(jobs.stream().map(NewJob::sopInstanceUid).toList());
                int added = 0;
                for (NewJob j : jobs) {
                    if (existing.add(j.sopInstanceUid())) { // add(): an image twice in one batch gets one job
                        newJob(j.sopInstanceUid(), j.studyInstanceUid(), j.state(), j.reason()).persist();
                        added++;
                    }
                }
                return added;
            });
        } catch (RuntimeException e) {
            LOG.debugf("Adding %d jobs at once failed (%s); adding them one at a time", jobs.size(), e.getMessage());
            int added = 0;
            for (NewJob j : jobs) if (addOnce(j.sopInstanceUid(), j.studyInstanceUid(), j.state(), j.reason())) added++;
            return added;
        }
    }

    private boolean addOnce(String sopInstanceUid, String studyInstanceUid, JobState state, String reason) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (hasJob(sopInstanceUid)) return false;
                newJob(sopInstanceUid, studyInstanceUid, state, reason).persist();
                return true;
            });
        } catch (RuntimeException e) {
            if (QuarkusTransaction.requiringNew().call(() -> hasJob(sopInstanceUid))) return false;
            throw e;
        }
    }

    private static AnalysisJob newJob(String sopInstanceUid, String studyInstanceUid, JobState state, String reason) {
        AnalysisJob job = new AnalysisJob();
        job.sopInstanceUid = sopInstanceUid;
        job.studyInstanceUid = studyInstanceUid;
        job.state = state;
        job.createdAt = Instant.now();
        if (state != JobState.QUEUED) job.finishedAt = job.createdAt;
        job.error = truncate(reason);
        return job;
    }

    /** Which of these images have a job already (in the caller's transaction). */
    private static Set<String> withJobs(List<String> sopInstanceUids) {
        return new HashSet<>(AnalysisJob.getEntityManager()
                .createQuery("select j.sopInstanceUid from AnalysisJob j where j.sopInstanceUid in ?1", String.class)
                .setParameter(1, sopInstanceUids).getResultList());
    }

    /**
     * Asked once per received image: a plain query, because Panache's count() has Hibernate build a fresh count
     * query each call, which cost more CPU than the rest of cataloging an image.
     */
    private static boolean hasJob(String sopInstanceUid) {
        return !AnalysisJob.getEntityManager().createQuery("select j.id from AnalysisJob j where j.sopInstanceUid = ?1", Long.class)
                .setParameter(1, sopInstanceUid).setMaxResults(1).getResultList().isEmpty();
    }

    /** Queues every cataloged instance without a job (an event lost in a crash); returns how many. */
    public int enqueueMissing() {
        int queued = 0;
        long after = 0;
        for (List<StoreQueries.InstanceRef> page = store.instancesAfter(after, 5000); !page.isEmpty(); page = store.instancesAfter(after, 5000)) {
            List<String> uids = page.stream().map(StoreQueries.InstanceRef::sopInstanceUid).toList();
            Set<String> withJob = QuarkusTransaction.requiringNew().call(() -> withJobs(uids));
            for (StoreQueries.InstanceRef i : page) {
                if (!withJob.contains(i.sopInstanceUid()) && enqueue(i.sopInstanceUid(), i.studyInstanceUid())) queued++;
            }
            after = page.get(page.size() - 1).id();
        }
        return queued;
    }

    /** Jobs this node left RUNNING when it stopped go back to the queue; other live nodes' jobs are theirs. */
    public int requeueInterrupted() {
        return QuarkusTransaction.requiringNew().call(() -> AnalysisJob.update(
                "state = ?1, startedAt = null, owner = null where state = ?2 and (owner = ?3 or owner is null)",
                JobState.QUEUED, JobState.RUNNING, nodeId));
    }

    /** Renews the lease of every job this node is running; returns how many. */
    public int renewLeases() {
        return QuarkusTransaction.requiringNew().call(() -> AnalysisJob.update(
                "heartbeatAt = ?1 where state = ?2 and owner = ?3", Instant.now(), JobState.RUNNING, nodeId));
    }

    /** RUNNING jobs whose owner has not renewed them within the lease go back to the queue, whoever owned them. */
    public int reclaimExpired(Duration lease) {
        Instant expired = Instant.now().minus(lease);
        return QuarkusTransaction.requiringNew().call(() -> AnalysisJob.update(
                "state = ?1, startedAt = null, owner = null, error = concat('the lease of node ', coalesce(owner, '?'), ' expired; queued again') "
                        + "where state = ?2 and coalesce(heartbeatAt, startedAt) < ?3",
                JobState.QUEUED, JobState.RUNNING, expired));
    }

    /** Claims the oldest due job, or none. */
    public Optional<AnalysisJob> claim() {
        for (int i = 0; i < CLAIM_TRIES; i++) {
            Optional<AnalysisJob> claimed = QuarkusTransaction.requiringNew().call(() -> {
                Optional<AnalysisJob> next = AnalysisJob.<AnalysisJob>find(
                        "state = ?1 and (notBefore is null or notBefore <= ?2) order by id", JobState.QUEUED, Instant.now())
                        .firstResultOptional();
                if (next.isEmpty()) return Optional.<AnalysisJob>empty();
                Instant now = Instant.now();
                int won = AnalysisJob.update("state = ?1, startedAt = ?2, heartbeatAt = ?2, owner = ?3, attempts = attempts + 1 where id = ?4 and state = ?5",
                        JobState.RUNNING, now, nodeId, next.get().id, JobState.QUEUED);
                return won == 1 ? Optional.of(next.get()) : null; // null: another worker won it, look again
            });
            if (claimed != null) return claimed;
        }
        return Optional.empty();
    }

    /** Milliseconds per stage of one analysis. */
    public record StageTimes(long readMs, long analyseMs, long writeMs, long decodeMs, long preprocessMs, long inferMs, long postprocessMs) {}

    /** Records the analysis and its result objects; false (nothing recorded) when the job is no longer this node's. */
    public boolean done(long id, String predictedClass, String findingsJson, String sourceJson, List<ResultFile> files, String sourceUid,
                        String studyUid, StageTimes times) {
        return updateOwnJob(id, job -> {
            results.recordImageResults(studyUid, sourceUid, files);
            job.state = JobState.DONE;
            job.finishedAt = Instant.now();
            job.error = null;
            job.predictedClass = predictedClass;
            job.findingsJson = findingsJson;
            job.sourceJson = sourceJson;
            job.inStudyReport = false;
            job.readMs = times.readMs();
            job.analyseMs = times.analyseMs();
            job.writeMs = times.writeMs();
            job.decodeMs = times.decodeMs();
            job.preprocessMs = times.preprocessMs();
            job.inferMs = times.inferMs();
            job.postprocessMs = times.postprocessMs();
        });
    }

    /** Ends the job in a final state; false when it is no longer this node's. */
    public boolean end(long id, JobState state, String reason) {
        return updateOwnJob(id, job -> {
            job.state = state;
            job.finishedAt = Instant.now();
            job.error = truncate(reason);
        });
    }

    /** Queues the job again after the delay; false when it is no longer this node's. */
    public boolean retryLater(long id, String reason, Duration delay) {
        return updateOwnJob(id, job -> {
            job.state = JobState.QUEUED;
            job.notBefore = Instant.now().plus(delay);
            job.error = truncate(reason);
        });
    }

    /**
     * Applies the change in a new transaction, to the job locked, while this node still runs it; false (nothing
     * changed) otherwise. A node that paused past its lease (or lost the database for that long) may find its job
     * re-queued or taken over by another node, whose outcome a late answer from here must not overwrite.
     */
    private boolean updateOwnJob(long id, Consumer<AnalysisJob> change) {
        return QuarkusTransaction.requiringNew().call(() -> {
            AnalysisJob job = AnalysisJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (job == null || job.state != JobState.RUNNING || !nodeId.equals(job.owner)) {
                LOG.infof("Job %d is no longer this node's (its lease expired; now %s, owner %s): this node's outcome is dropped",
                        id, job == null ? "deleted" : job.state, job == null ? "-" : job.owner);
                return false;
            }
            change.accept(job);
            return true;
        });
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    /** Jobs that ended in each state since then (DONE, SKIPPED, FAILED), for the dashboard. */
    public java.util.Map<JobState, Long> finishedSince(Instant since) {
        return QuarkusTransaction.requiringNew().call(() -> {
            java.util.Map<JobState, Long> counts = new java.util.EnumMap<>(JobState.class);
            for (JobState state : JobState.values()) counts.put(state, AnalysisJob.count("state = ?1 and finishedAt >= ?2", state, since));
            return counts;
        });
    }

    /** Jobs waiting or running now. */
    public long depth() {
        return QuarkusTransaction.requiringNew().call(() -> AnalysisJob.count("state in (?1, ?2)", JobState.QUEUED, JobState.RUNNING));
    }

    /**
     * Deletes the study's jobs for retention when all of them have ended (none queued, running or due again); false
     * (nothing deleted) otherwise. Joins the caller's transaction and locks the rows, so a reanalysis waits for it.
     */
    public boolean removeEndedStudy(String studyUid) {
        List<AnalysisJob> jobs = AnalysisJob.find("studyInstanceUid", studyUid).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        if (jobs.stream().anyMatch(j -> !j.state.finished())) return false;
        jobs.forEach(AnalysisJob::delete);
        return true;
    }

    /** A failed or finished image analysed again from its stored file; false when there is no such job or it is not finished. */
    public boolean reanalyse(String sopInstanceUid) {
        return QuarkusTransaction.requiringNew().call(() -> AnalysisJob.update(
                "state = ?1, attempts = 0, notBefore = null, error = null, owner = null where sopInstanceUid = ?2 and state in (?3, ?4, ?5)",
                JobState.QUEUED, sopInstanceUid, JobState.DONE, JobState.FAILED, JobState.SKIPPED) == 1);
    }
}
