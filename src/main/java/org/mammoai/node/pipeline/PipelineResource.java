package org.mammoai.node.pipeline;

import jakarta.annotation.security.RolesAllowed;
import org.mammoai.node.access.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.inference.ImageFindings;
import org.mammoai.node.inference.Lesion;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.results.ResultCatalog;
import org.mammoai.node.results.ResultWriter;
import org.mammoai.node.send.DeliveryResource;
import org.mammoai.node.store.StoreQueries;

/** Analysis status and results: per study (jobs, findings, summary) and the overlay PNG per image. */
@Path("/api")
@RolesAllowed({Role.READ, Role.CHANGE})
@Produces(MediaType.APPLICATION_JSON)
public class PipelineResource {

    /**
     * @param readMs, analyseMs, writeMs the last analysis's time per stage; null before it finished
     * @param decodeMs, preprocessMs, inferMs, postprocessMs the analysis stage's steps
     */
    public record JobView(long id, String sopInstanceUid, String imageLaterality, String viewPosition, JobState state,
                          int attempts, String error, Instant createdAt, Instant finishedAt, Long readMs, Long analyseMs, Long writeMs,
                          Long decodeMs, Long preprocessMs, Long inferMs, Long postprocessMs) {}

    public record ResultView(String type, String sopInstanceUid) {}

    public record ImageResult(String sopInstanceUid, String imageLaterality, String viewPosition, JobState state, String error,
                              String predictedClass, Map<String, Float> probabilities, List<Lesion> lesions, String note,
                              List<ResultView> results, String overlay) {}

    /** The study as a whole: the most severe class any image got, the most suspicious lesion, counts. */
    public record Summary(String highestClass, Float maxMalignantProbability, int lesions, int imagesAnalysed, int imagesFailed,
                          int imagesSkipped, int imagesPending) {}

    public record StudyResults(String studyInstanceUid, boolean released, String releaseReason, Instant releasedAt,
                               Summary summary, List<ImageResult> images, List<ResultView> studyReports,
                               List<DeliveryResource.DeliveryView> deliveries) {}

    private final ObjectMapper json;
    private final ResultWriter writer;
    private final ResultCatalog catalog;
    private final StoreQueries store;

    public PipelineResource(ObjectMapper json, ResultWriter writer, ResultCatalog catalog, StoreQueries store) {
        this.store = store;
        this.json = json;
        this.writer = writer;
        this.catalog = catalog;
    }

    @GET
    @Path("/studies/{studyUid}/jobs")
    public List<JobView> jobs(@PathParam("studyUid") String studyUid) {
        return jobsOf(studyUid).stream().map(this::view).toList();
    }

    @GET
    @Path("/jobs")
    public List<JobView> jobsByState(@QueryParam("state") JobState state) {
        List<AnalysisJob> jobs = state == null ? AnalysisJob.listAll() : AnalysisJob.list("state", state);
        return jobs.stream().sorted(Comparator.comparing(j -> j.id)).map(this::view).toList();
    }

    @GET
    @Path("/studies/{studyUid}/results")
    public StudyResults results(@PathParam("studyUid") String studyUid) {
        List<AnalysisJob> jobs = jobsOf(studyUid);
        StudyRelease release = StudyRelease.<StudyRelease>find("studyInstanceUid", studyUid).firstResult();
        List<ImageResult> images = jobs.stream().map(this::imageResult).toList();
        List<DeliveryResource.DeliveryView> deliveries = DeliveryResource.ofStudy(studyUid);
        return new StudyResults(studyUid, release != null, release == null ? null : release.reason,
                release == null ? null : release.releasedAt, summarize(images), images, resultViews(studyUid), deliveries);
    }

    @GET
    @Path("/instances/{sopUid}/overlay.png")
    @Produces("image/png")
    public Response overlay(@PathParam("sopUid") String sopUid) {
        AnalysisJob job = AnalysisJob.<AnalysisJob>find("sopInstanceUid", sopUid).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("no analysis of " + sopUid));
        java.nio.file.Path png = null;
        if (job.state == JobState.DONE && job.findingsJson != null && job.sourceJson != null) {
            try {
                ImageFindings findings = json.readValue(job.findingsJson, ImageFindings.class);
                SourceImage source = json.readValue(job.sourceJson, SourceImage.class);
                png = writer.overlay(job.studyInstanceUid, sopUid, findings.lesions(), source.columns());
            } catch (java.io.IOException e) {
                throw new jakarta.ws.rs.InternalServerErrorException("cannot draw the overlay of " + sopUid + ": " + e.getMessage(), e);
            }
        }
        if (png == null) throw new NotFoundException("no overlay for " + sopUid + " (analysis " + job.state + ")");
        return Response.ok(png.toFile()).build();
    }

    private static List<AnalysisJob> jobsOf(String studyUid) {
        List<AnalysisJob> jobs = AnalysisJob.list("studyInstanceUid = ?1 order by id", studyUid);
        if (jobs.isEmpty()) throw new NotFoundException("no analysis for study " + studyUid);
        return jobs;
    }

    private JobView view(AnalysisJob j) {
        StoreQueries.View i = store.view(j.sopInstanceUid).orElse(null);
        return new JobView(j.id, j.sopInstanceUid, i == null ? null : i.laterality(), i == null ? null : i.viewPosition(),
                j.state, j.attempts, j.error, j.createdAt, j.finishedAt, j.readMs, j.analyseMs, j.writeMs,
                j.decodeMs, j.preprocessMs, j.inferMs, j.postprocessMs);
    }

    private ImageResult imageResult(AnalysisJob j) {
        StoreQueries.View i = store.view(j.sopInstanceUid).orElse(null);
        ImageFindings f = findings(j);
        Map<String, Float> probabilities = f == null ? null : Map.of("normal", f.probability(LesionClass.NORMAL),
                "benign", f.probability(LesionClass.BENIGN), "malignant", f.probability(LesionClass.MALIGNANT));
        List<ResultView> results = resultViews(j.sopInstanceUid);
        return new ImageResult(j.sopInstanceUid, i == null ? null : i.laterality(), i == null ? null : i.viewPosition(),
                j.state, j.error, j.predictedClass, probabilities, f == null ? List.of() : f.lesions(), f == null ? null : f.note(), results,
                j.state == JobState.DONE ? "/api/instances/" + j.sopInstanceUid + "/overlay.png" : null);
    }

    private List<ResultView> resultViews(String sourceOrStudyUid) {
        return catalog.of(sourceOrStudyUid).stream().map(r -> new ResultView(r.type.name(), r.sopInstanceUid)).toList();
    }

    private static Summary summarize(List<ImageResult> images) {
        LesionClass highest = null;
        Float maxMalignant = null;
        int lesions = 0;
        for (ImageResult image : images) {
            if (image.probabilities() == null) continue;
            LesionClass c = LesionClass.valueOf(image.predictedClass());
            if (highest == null || c.ordinal() > highest.ordinal()) highest = c;
            float m = image.probabilities().get("malignant");
            if (maxMalignant == null || m > maxMalignant) maxMalignant = m;
            lesions += image.lesions().size();
        }
        return new Summary(highest == null ? null : highest.name(), maxMalignant, lesions,
                count(images, JobState.DONE), count(images, JobState.FAILED), count(images, JobState.SKIPPED),
                (int) images.stream().filter(i -> !i.state().finished()).count());
    }

    private static int count(List<ImageResult> images, JobState state) {
        return (int) images.stream().filter(i -> i.state() == state).count();
    }

    private ImageFindings findings(AnalysisJob j) {
        if (j.findingsJson == null) return null;
        try {
            return json.readValue(j.findingsJson, ImageFindings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable findings of job " + j.id, e);
        }
    }

}
