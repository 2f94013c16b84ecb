package org.mammoai.node.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Removes a study's catalog rows for retention and names its spool files, which the caller deletes. */
@ApplicationScoped
public class StudyRemoval {
    private final Spool spool;
    private final Catalog catalog;

    public StudyRemoval(Spool spool, Catalog catalog) {
        this.spool = spool;
        this.catalog = catalog;
    }

    /** What was removed: the study's SOP Instance UIDs, and its spool files, for the caller to delete. */
    public record Removed(List<String> sopInstanceUids, List<Path> files) {}

    /** A page of the studies whose last instance arrived before the cutoff, oldest first; call inside a transaction. */
    public List<String> studiesLastReceivedBefore(Instant cutoff, int skip, int max) {
        return StoredInstance.getEntityManager().createQuery("select s.study.studyInstanceUid from StoredInstance i join i.series s "
                + "group by s.study.studyInstanceUid having max(i.receivedAt) < ?1 order by max(i.receivedAt), s.study.studyInstanceUid", String.class)
                .setParameter(1, cutoff).setFirstResult(skip).setMaxResults(max).getResultList();
    }

    /**
     * Deletes the study's instance, series and study rows (and its patient's, when it has no other study) if nothing of
     * it arrived since the cutoff; empty (nothing deleted) when something did. Joins the caller's transaction; the study
     * row stays locked until it ends, so an instance of this study cataloged meanwhile waits and then makes the study anew.
     */
    public Optional<Removed> removeIfReceivedBefore(String studyUid, Instant cutoff) {
        Study study = Study.<Study>find("studyInstanceUid", studyUid).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (study == null) return Optional.empty();
        var em = Study.getEntityManager();
        List<Object[]> instances = em.createQuery("select i.sopInstanceUid, i.filePath, i.receivedAt from StoredInstance i where i.series.study = ?1",
                Object[].class).setParameter(1, study).getResultList();
        if (instances.stream().anyMatch(i -> !((Instant) i[2]).isBefore(cutoff))) return Optional.empty();
        Removed removed = new Removed(instances.stream().map(i -> (String) i[0]).toList(),
                instances.stream().map(i -> spool.resolve((String) i[1])).toList());
        List<String> seriesUids = em.createQuery("select s.seriesInstanceUid from Series s where s.study = ?1", String.class)
                .setParameter(1, study).getResultList();
        // bulk deletes, children first (no entity of the study is loaded but the unchanged, locked study row)
        StoredInstance.delete("series.id in (select s.id from Series s where s.study = ?1)", study);
        Series.delete("study", study);
        Study.delete("id", study.id);
        Patient.delete("id = ?1 and not exists (select t.id from Study t where t.patient.id = ?1)", study.patient.id);
        catalog.forget(studyUid, seriesUids);
        return Optional.of(removed);
    }
}
