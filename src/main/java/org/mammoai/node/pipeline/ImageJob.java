package org.mammoai.node.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.mammoai.node.imaging.DicomImage;
import org.mammoai.node.imaging.Modality;
import org.mammoai.node.imaging.SourceImage;
import org.mammoai.node.inference.ImageAnalyzer;
import org.mammoai.node.inference.UnusableImageException;
import org.mammoai.node.results.ResultFile;
import org.mammoai.node.results.ResultWriter;
import org.mammoai.node.store.StoreQueries;

/** Runs one claimed job: stored file -> analysis -> result objects -> job DONE (or FAILED/SKIPPED with the reason). */
@ApplicationScoped
public class ImageJob {
    private static final Logger LOG = Logger.getLogger(ImageJob.class);

    private final JobQueue queue;
    private final StoreQueries store;
    private final ImageAnalyzer analyzer;
    private final ResultWriter writer;
    private final PipelineSettings settings;
    private final ObjectMapper json;
    private final PipelineMetrics metrics;

    public ImageJob(JobQueue queue, StoreQueries store, ImageAnalyzer analyzer, ResultWriter writer, PipelineSettings settings,
                    ObjectMapper json, PipelineMetrics metrics) {
        this.metrics = metrics;
        this.queue = queue;
        this.store = store;
        this.analyzer = analyzer;
        this.writer = writer;
        this.settings = settings;
        this.json = json;
    }

    public void run(AnalysisJob job) {
        String uid = job.sopInstanceUid;
        int attempt = job.attempts + 1;
        if (attempt > settings.maxAttempts()) {
            queue.end(job.id, JobState.FAILED, "gave up after " + settings.maxAttempts() + " interrupted or failed attempts"
                    + (job.error == null ? "" : "; last error: " + job.error));
            return;
        }
        try {
            StoreQueries.StoredImage source = store.storedImage(uid).orElse(null);
            if (source == null) {
                queue.end(job.id, JobState.FAILED, "the instance is no longer in the catalog");
                return;
            }
            Optional<String> notAnalysed = notAnalysed(source.modality(), source.sopClassUid());
            if (notAnalysed.isPresent()) {
                queue.end(job.id, JobState.SKIPPED, notAnalysed.get());
                return;
            }
            Optional<Modality> modality = ImageModality.of(source.modality(), source.sopClassUid());
            DicomImage image;
            long start = System.nanoTime();
            try {
                image = DicomImage.read(source.file());
            } catch (Exception e) {
                throw new UnusableImageException("stored file cannot be read as DICOM: " + e.getMessage(), e);
            }
            SourceImage header = image.header();
            if (!header.patientStudy().dropped().isEmpty()) { // attribute names only: the values may be PHI
                LOG.infof("%s: source values invalid for their VR, left out of the results: %s", uid, header.patientStudy().dropped());
            }
            Optional<String> unsuitable = ImageSuitability.unsuitable(header, modality.get());
            if (unsuitable.isPresent()) {
                queue.end(job.id, JobState.SKIPPED, unsuitable.get());
                return;
            }
            long analysing = System.nanoTime();
            metrics.stage("read", analysing - start);
            ImageAnalyzer.Analysis analysis = analyzer.analyze(image, modality.get());
            long writing = System.nanoTime();
            metrics.stage("analyse", writing - analysing);
            ImageAnalyzer.StageTimes steps = analysis.times();
            metrics.stage("decode", steps.decode());
            metrics.stage("preprocess", steps.preprocess());
            metrics.stage("infer", steps.infer());
            metrics.stage("postprocess", steps.postprocess());
            List<ResultFile> files = writer.writeImage(header, modality.get(), analysis);
            long end = System.nanoTime();
            metrics.stage("write", end - writing);
            metrics.stage("total", end - start);
            boolean recorded = queue.done(job.id, analysis.findings().predictedClass().name(), toJson(analysis.findings()), toJson(header),
                    files, uid, job.studyInstanceUid, new JobQueue.StageTimes(ms(analysing - start), ms(writing - analysing), ms(end - writing),
                            ms(steps.decode()), ms(steps.preprocess()), ms(steps.infer()), ms(steps.postprocess())));
            if (!recorded) { // another node owns the job now and records its own files
                writer.discard(files);
                return;
            }
            LOG.infof("Analysed %s in %d ms (read %d, decode %d, preprocess %d, model %d, lesions %d, write %d): %s, %d lesion(s), %d result object(s)",
                    uid, ms(System.nanoTime() - start), ms(analysing - start), ms(steps.decode()), ms(steps.preprocess()), ms(steps.infer()),
                    ms(steps.postprocess()), ms(end - writing), analysis.findings().predictedClass(), analysis.findings().lesions().size(), files.size());
        } catch (UnusableImageException e) {
            LOG.warnf("Analysis of %s failed: %s", uid, e.getMessage());
            queue.end(job.id, JobState.FAILED, e.getMessage());
        } catch (Exception | OutOfMemoryError e) {
            LOG.errorf(e, "Analysis of %s failed (attempt %d of %d)", uid, attempt, settings.maxAttempts());
            String reason = "attempt " + attempt + ": " + e;
            if (attempt >= settings.maxAttempts()) queue.end(job.id, JobState.FAILED, reason);
            else queue.retryLater(job.id, reason, settings.retryDelay());
        }
    }

    /**
     * Why an object of this modality and SOP class is not analysed on this node (not a mammogram or breast ultrasound
     * image, or no model for it), or empty when it is; known from the catalog's values, before the file is read.
     */
    Optional<String> notAnalysed(String modality, String sopClassUid) {
        Optional<Modality> analysable = ImageModality.of(modality, sopClassUid);
        if (analysable.isEmpty()) return Optional.of("not a mammogram or breast ultrasound image (modality " + modality + ")");
        return analyzer.hasModel(analysable.get()) ? Optional.empty() : Optional.of(ImageAnalyzer.noModel(analysable.get()));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private String toJson(Object findings) throws JsonProcessingException {
        return json.writeValueAsString(findings);
    }
}
