package org.mammoai.node.pipeline;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.mammoai.node.results.ResultInstance;
import org.mammoai.node.send.DeliveriesScheduled;
import org.mammoai.node.send.DeliveryQueue;

/**
 * Decides when a study's results go out: once every image has been analysed and either the four
 * screening views are there or nothing has arrived for the quiet time. A released study sends
 * the results of later images as soon as they are done.
 */
@ApplicationScoped
public class StudyCompletion {
    private static final Logger LOG = Logger.getLogger(StudyCompletion.class);

    private final PipelineSettings settings;
    private final DeliveryQueue deliveries;
    private final Event<DeliveriesScheduled> deliveriesScheduled;

    public StudyCompletion(PipelineSettings settings, DeliveryQueue deliveries, Event<DeliveriesScheduled> deliveriesScheduled) {
        this.settings = settings;
        this.deliveries = deliveries;
        this.deliveriesScheduled = deliveriesScheduled;
    }

    /** Checks one study; synchronized so two finishing images do not both release it. */
    public synchronized void check(String studyUid) {
        int scheduled = QuarkusTransaction.requiringNew().call(() -> release(studyUid));
        if (scheduled > 0) {
            LOG.infof("Study %s: %d deliveries scheduled", studyUid, scheduled);
            deliveriesScheduled.fireAsync(new DeliveriesScheduled(studyUid));
        }
    }

    /** Releases the study when ready and schedules its unscheduled results; returns how many deliveries. */
    private int release(String studyUid) {
        if (AnalysisJob.count("studyInstanceUid = ?1 and state in (?2, ?3)", studyUid, JobState.QUEUED, JobState.RUNNING) > 0) return 0;
        boolean released = StudyRelease.count("studyInstanceUid", studyUid) > 0;
        if (!released) {
            String reason = readyReason(studyUid);
            if (reason == null) return 0;
            StudyRelease r = new StudyRelease();
            r.studyInstanceUid = studyUid;
            r.releasedAt = Instant.now();
            r.reason = reason;
            r.persist();
        }
        int scheduled = 0;
        for (ResultInstance result : ResultInstance.<ResultInstance>list("studyInstanceUid = ?1 and scheduled = false", studyUid)) {
            scheduled += deliveries.schedule(result);
            result.scheduled = true;
        }
        return scheduled;
    }

    /** Why the study is ready, or null when it is not yet. */
    private String readyReason(String studyUid) {
        List<Object[]> views = AnalysisJob.getEntityManager().createQuery(
                "select i.imageLaterality, i.viewPosition from StoredInstance i join i.series s "
                        + "where s.study.studyInstanceUid = ?1", Object[].class).setParameter(1, studyUid).getResultList();
        if (ExpectedViews.complete(views.stream().map(v -> ExpectedViews.key((String) v[0], (String) v[1])).toList())) {
            return "all four views";
        }
        Instant last = AnalysisJob.getEntityManager().createQuery(
                "select max(i.receivedAt) from StoredInstance i join i.series s where s.study.studyInstanceUid = ?1", Instant.class)
                .setParameter(1, studyUid).getSingleResult();
        return last != null && !last.plus(settings.quietTime()).isAfter(Instant.now()) ? "quiet for " + settings.quietTime() : null;
    }

    /** Studies waiting for their quiet time to pass. */
    @Scheduled(every = "${mammo.pipeline.completion-check:5s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkWaitingStudies() {
        List<String> waiting = QuarkusTransaction.requiringNew().call(() -> AnalysisJob.getEntityManager().createQuery(
                "select distinct j.studyInstanceUid from AnalysisJob j where not exists "
                        + "(select 1 from StudyRelease r where r.studyInstanceUid = j.studyInstanceUid)", String.class).getResultList());
        waiting.forEach(this::check);
    }
}
