package org.mammoai.node.results;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import org.mammoai.node.common.EnumColumns;
import org.mammoai.node.config.ResultType;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.List;
import java.util.Optional;

/**
 * The result_instance table, for the other packages: what was written for an image or a study, and what is
 * still to be handed to sending. Every method joins the caller's transaction.
 */
@ApplicationScoped
public class ResultCatalog {
    /** A study-level result: its SOP Instance UID and the version it is. */
    public record StudyReport(String sopInstanceUid, int version) {}

    private final ResultFiles files;
    private final ResultWriter writer;
    private final Event<ResultsReplaced> replaced;

    public ResultCatalog(ResultFiles files, ResultWriter writer, Event<ResultsReplaced> replaced) {
        this.files = files;
        this.writer = writer;
        this.replaced = replaced;
    }

    // before start-up work writes a result (see EnumColumns)
    void keepEnumColumnOpen(@Observes @Priority(1000) StartupEvent event) {
        EnumColumns.keepOpen("result_instance", "result_type");
    }

    /**
     * Deletes the study's result rows for retention and returns the files for the caller to delete last in the same
     * transaction: each recorded file, and the folder of each of these images (with its display image, overlay and the
     * objects of earlier analyses).
     */
    public List<java.nio.file.Path> removeStudy(String studyUid, List<String> sourceSopInstanceUids) {
        List<java.nio.file.Path> paths = new java.util.ArrayList<>();
        for (ResultInstance r : ResultInstance.<ResultInstance>list("studyInstanceUid", studyUid)) {
            paths.add(files.resolve(r.filePath));
            r.delete();
        }
        sourceSopInstanceUids.forEach(uid -> paths.add(writer.directory(studyUid, uid)));
        return paths;
    }

    /** Records an image's results, replacing an interrupted or earlier run's rows (announced as {@link ResultsReplaced}). */
    public void recordImageResults(String studyUid, String sourceUid, List<ResultFile> written) {
        List<ResultInstance> earlier = ResultInstance.list("sourceSopInstanceUid = ?1 and type <> ?2", sourceUid, ResultType.CAD_SR);
        earlier.forEach(ResultInstance::delete);
        written.forEach(f -> persist(f, studyUid, sourceUid));
        if (!earlier.isEmpty()) replaced.fire(new ResultsReplaced(studyUid, earlier.stream().map(r -> r.sopInstanceUid).toList()));
    }

    /** Which of these results are current (recorded and not replaced since). */
    public java.util.Set<String> current(java.util.Collection<String> sopInstanceUids) {
        if (sopInstanceUids.isEmpty()) return java.util.Set.of();
        return ResultInstance.<ResultInstance>list("sopInstanceUid in ?1", sopInstanceUids).stream().map(r -> r.sopInstanceUid)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Records a version of a study-level report; study-level rows carry the study's UID as their source. */
    public void recordStudyReport(String studyUid, ResultFile report) {
        persist(report, studyUid, studyUid);
    }

    /** The study's latest Mammography CAD SR version, if it has one. */
    public Optional<StudyReport> latestStudyReport(String studyUid) {
        List<ResultInstance> reports = ResultInstance.list("studyInstanceUid = ?1 and type = ?2 order by id", studyUid, ResultType.CAD_SR);
        return reports.isEmpty() ? Optional.empty()
                : Optional.of(new StudyReport(reports.get(reports.size() - 1).sopInstanceUid, reports.size()));
    }

    /** Results of the study not yet handed to sending. */
    public List<ResultInstance> unscheduled(String studyUid) {
        return ResultInstance.list("studyInstanceUid = ?1 and scheduled = false order by id", studyUid);
    }

    /** An image's results (its SEG and TID 1500 SR), or with the study's UID, the study-level reports. */
    public List<ResultInstance> of(String sourceOrStudyUid) {
        return ResultInstance.list("sourceSopInstanceUid = ?1 order by id", sourceOrStudyUid);
    }

    private void persist(ResultFile f, String studyUid, String sourceUid) {
        ResultInstance r = new ResultInstance();
        r.sopInstanceUid = f.sopInstanceUid();
        r.sopClassUid = f.sopClassUid();
        r.type = f.type();
        r.studyInstanceUid = studyUid;
        r.sourceSopInstanceUid = sourceUid;
        r.filePath = files.relativize(f.path());
        r.persist();
    }
}
