package org.mammoai.node.overview;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mammoai.node.dicom.DicomListener;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.inference.ModelRegistry;
import org.mammoai.node.pipeline.JobQueue;
import org.mammoai.node.pipeline.JobState;
import org.mammoai.node.pipeline.PipelineResource;
import org.mammoai.node.retention.RetentionSweep;
import org.mammoai.node.send.DeliveryQueue;
import org.mammoai.node.store.SpoolSpace;
import org.mammoai.node.store.StoreQueries;

/**
 * The read model the console shows: it asks each package for what it owns (the catalog, the job queue, the
 * deliveries, the models, the listener, the spool's disk, retention) and puts the answers side by side.
 */
@ApplicationScoped
public class NodeOverview {
    /** Counts over one window (the last hour or day). */
    public record Activity(String window, long received, long analysed, long skipped, long failed, long sent) {}

    public record Model(String modality, String name, String version) {}

    public record StudyRow(StoreQueries.StudySummary study, String state) {}

    public record Dashboard(List<Activity> activity, long jobsWaiting, long deliveriesPending, long deadLetters, long spoolFreeMb,
                            long spoolMinFreeMb, RetentionSweep.Summary retention, boolean listening, List<Model> models, List<StudyRow> recentStudies) {}

    private final StoreQueries store;
    private final JobQueue jobs;
    private final DeliveryQueue deliveries;
    private final ModelRegistry models;
    private final DicomListener listener;
    private final SpoolSpace space;
    private final PipelineResource pipeline;
    private final RetentionSweep retention;

    public NodeOverview(StoreQueries store, JobQueue jobs, DeliveryQueue deliveries, ModelRegistry models, DicomListener listener,
                        SpoolSpace space, PipelineResource pipeline, RetentionSweep retention) {
        this.retention = retention;
        this.store = store;
        this.jobs = jobs;
        this.deliveries = deliveries;
        this.models = models;
        this.listener = listener;
        this.space = space;
        this.pipeline = pipeline;
    }

    public Dashboard dashboard() {
        List<Activity> activity = new ArrayList<>();
        for (var window : List.of(Map.entry("last hour", Duration.ofHours(1)), Map.entry("last day", Duration.ofDays(1)))) {
            Instant since = Instant.now().minus(window.getValue());
            Map<JobState, Long> ended = jobs.finishedSince(since);
            activity.add(new Activity(window.getKey(), store.receivedSince(since), ended.get(JobState.DONE), ended.get(JobState.SKIPPED),
                    ended.get(JobState.FAILED), deliveries.counts(since).sentSince()));
        }
        DeliveryQueue.Counts now = deliveries.counts(Instant.now());
        List<Model> loaded = new ArrayList<>();
        for (Modality m : Modality.values()) {
            models.forModality(m).ifPresent(l -> loaded.add(new Model(m.name().toLowerCase(), l.info().name(), l.version())));
        }
        List<StudyRow> recent = store.recentStudies(20).stream().map(s -> new StudyRow(s, studyState(s.studyUid()))).toList();
        return new Dashboard(activity, jobs.depth(), now.pending(), now.dead(), space.freeBytes() >> 20, space.minFreeBytes() >> 20,
                retention.summary(), listener.isListening(), loaded, recent);
    }

    /** Where a study is, in a word: analysing, waiting (for views or quiet time), sending, sent, attention (failures). */
    public String studyState(String studyUid) {
        PipelineResource.StudyResults r;
        try {
            r = pipeline.results(studyUid);
        } catch (jakarta.ws.rs.NotFoundException e) {
            return "received";
        }
        if (r.summary().imagesPending() > 0) return "analysing";
        boolean dead = r.deliveries().stream().anyMatch(d -> d.state().name().equals("DEAD"));
        if (dead || r.summary().imagesFailed() > 0) return "attention";
        if (!r.released()) return "waiting";
        return r.deliveries().stream().allMatch(d -> d.state().name().equals("SENT")) ? "sent" : "sending";
    }

    public PipelineResource.StudyResults results(String studyUid) {
        return pipeline.results(studyUid);
    }
}
