package org.mammoai.node.pipeline;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.DicomException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.inference.ImageFindings;
import org.mammoai.node.results.AnalysedImage;
import org.mammoai.node.results.ResultCatalog;
import org.mammoai.node.results.ResultFile;
import org.mammoai.node.results.ResultInstance;
import org.mammoai.node.results.ResultWriter;
import org.mammoai.node.store.StoreQueries;
import org.mammoai.node.send.DeliveriesScheduled;
import org.mammoai.node.send.DeliveryQueue;

/**
 * Decides when a study's results go out: once every image has been analysed and either the four
 * screening views are there or nothing has arrived for the quiet time. Then the study's Mammography
 * CAD SR is written over all its analysed mammograms; a released study sends the results of later
 * images as soon as they are done, with a new version of the CAD SR.
 */
@ApplicationScoped
public class StudyCompletion {
    private static final Logger LOG = Logger.getLogger(StudyCompletion.class);

    private final PipelineSettings settings;
    private final DeliveryQueue deliveries;
    private final Event<DeliveriesScheduled> deliveriesScheduled;
    private final ResultCatalog results;
    private final ResultWriter writer;
    private final ObjectMapper json;
    private final StoreQueries store;

    public StudyCompletion(PipelineSettings settings, DeliveryQueue deliveries, Event<DeliveriesScheduled> deliveriesScheduled,
                           ResultCatalog results, ResultWriter writer, ObjectMapper json, StoreQueries store) {
        this.store = store;
        this.settings = settings;
        this.deliveries = deliveries;
        this.deliveriesScheduled = deliveriesScheduled;
        this.results = results;
        this.writer = writer;
        this.json = json;
    }

    /** Checks one study; synchronized so two finishing images do not both release it (across nodes: see {@link #release}). */
    public synchronized void check(String studyUid) {
        int scheduled = releaseInOneTransaction(studyUid);
        if (scheduled > 0) {
            LOG.infof("Study %s: %d deliveries scheduled", studyUid, scheduled);
            deliveriesScheduled.fireAsync(new DeliveriesScheduled(studyUid));
        }
    }

    int releaseInOneTransaction(String studyUid) {
        return QuarkusTransaction.requiringNew().call(() -> release(studyUid));
    }

    /**
     * Releases the study when ready and schedules its unscheduled results; returns how many deliveries. The study's
     * job rows are locked first, so nodes sharing the database release a study one at a time and the later one sees
     * what the earlier wrote: otherwise both write the same CAD SR version and schedule the same results.
     */
    private int release(String studyUid) {
        if (AnalysisJob.count("studyInstanceUid = ?1 and state in (?2, ?3)", studyUid, JobState.QUEUED, JobState.RUNNING) > 0) return 0;
        List<AnalysisJob> jobs = AnalysisJob.<AnalysisJob>find("studyInstanceUid = ?1 order by id", studyUid)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        if (jobs.stream().anyMatch(j -> !j.state.finished())) return 0; // changed while we waited
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
        writeStudyReportIfDue(studyUid, jobs);
        int scheduled = 0;
        for (ResultInstance result : results.unscheduled(studyUid)) {
            scheduled += deliveries.schedule(result);
            result.scheduled = true;
        }
        return scheduled;
    }

    /**
     * A new CAD SR version when an analysed mammogram is not yet in the latest one (none for ultrasound-only studies).
     *
     * @param jobs the study's jobs, locked by {@link #release}
     */
    private void writeStudyReportIfDue(String studyUid, List<AnalysisJob> jobs) {
        List<AnalysisJob> mammograms = new ArrayList<>();
        List<AnalysedImage> images = new ArrayList<>();
        for (AnalysisJob job : jobs) {
            if (job.state != JobState.DONE || job.sourceJson == null) continue;
            AnalysedImage image = read(job);
            if (ImageModality.of(image.image().modality(), image.image().sopClassUid()).orElse(null) != Modality.MAMMOGRAPHY) continue;
            mammograms.add(job);
            images.add(image);
        }
        if (mammograms.stream().allMatch(j -> Boolean.TRUE.equals(j.inStudyReport))) return;
        Optional<ResultCatalog.StudyReport> previous = results.latestStudyReport(studyUid);
        int version = previous.map(p -> p.version() + 1).orElse(1);
        try {
            ResultFile report = writer.writeStudyReport(images, version, previous.map(ResultCatalog.StudyReport::sopInstanceUid).orElse(null));
            results.recordStudyReport(studyUid, report);
        } catch (IOException | DicomException e) {
            throw new IllegalStateException("cannot write the CAD SR of study " + studyUid + ": " + e.getMessage(), e);
        }
        mammograms.forEach(j -> j.inStudyReport = true); // rows locked since they were read: nobody changed them meanwhile
        LOG.infof("Study %s: Mammography CAD SR version %d over %d image(s)", studyUid, version, images.size());
    }

    private AnalysedImage read(AnalysisJob job) {
        try {
            return new AnalysedImage(json.readValue(job.sourceJson, SourceImage.class), json.readValue(job.findingsJson, ImageFindings.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable record of job " + job.id, e);
        }
    }

    /** Why the study is ready, or null when it is not yet. */
    private String readyReason(String studyUid) {
        if (ExpectedViews.complete(store.viewsOfStudy(studyUid).stream().map(v -> ExpectedViews.key(v.laterality(), v.viewPosition())).toList())) {
            return "all four views";
        }
        Instant last = store.lastReceived(studyUid).orElse(null);
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
