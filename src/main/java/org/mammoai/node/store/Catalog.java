package org.mammoai.node.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records received instances in patient/study/series/instance tables. Writes that may create a patient, study or series
 * are serialized in this JVM so two associations of one study do not both insert it; a unique-key clash with another
 * node sharing the database is retried, and then finds the row the other node wrote.
 */
@ApplicationScoped
public class Catalog {
    private static final int ATTEMPTS = 3;
    private static final int KNOWN = 1000;

    /** The patient and study values an instance's header gives, as written to their rows; equal values need no rewrite. */
    private record StudyRows(String patientId, String patientName, String birthDate, String sex, String studyDate, String studyTime,
                             String accessionNumber, String description) {
        static StudyRows of(InstanceHeader h) {
            return new StudyRows(fit(h.patientId() == null ? "" : h.patientId(), Patient.ID_LENGTH), fit(h.patientName(), Patient.NAME_LENGTH),
                    fit(h.patientBirthDate(), Patient.BIRTH_DATE_LENGTH), fit(h.patientSex(), Patient.SEX_LENGTH), fit(h.studyDate(), Study.DATE_LENGTH),
                    fit(h.studyTime(), Study.TIME_LENGTH), fit(h.accessionNumber(), Study.ACCESSION_NUMBER_LENGTH),
                    fit(h.studyDescription(), Study.DESCRIPTION_LENGTH));
        }
    }

    /** The series values an instance's header gives, as written to its row, with the study it belongs to. */
    private record SeriesRows(String studyUid, String modality, Integer seriesNumber, String description) {
        static SeriesRows of(InstanceHeader h) {
            return new SeriesRows(h.studyInstanceUid(), fit(h.modality(), Series.MODALITY_LENGTH), h.seriesNumber(),
                    fit(h.seriesDescription(), Series.DESCRIPTION_LENGTH));
        }
    }

    /**
     * Studies and series this node has written lately, with the values their rows hold: the next image of such a study
     * skips the patient and study lookups, of such a series also the series lookup and the lock (most images). Retention
     * deletes old studies' rows: it drops their entries here, and a write with an id another node deleted fails on its
     * foreign key, drops the entries and is retried with lookups.
     */
    private final RecentRows<StudyRows> knownStudies = new RecentRows<>(KNOWN);
    private final RecentRows<SeriesRows> knownSeries = new RecentRows<>(KNOWN);

    /**
     * What recording an instance leaves to its caller: the spool file an earlier copy of it was kept in when that is
     * another one (re-sent with a corrected Study Instance UID), which the caller then removes; null when none.
     */
    public record Recorded(String replacedFilePath) {}

    /** A stored instance to record: its header, its spool file (relative to the spool) and how it came. */
    public record Received(InstanceHeader header, String filePath, long sizeBytes, String callingAeTitle, Instant receivedAt) {}

    /**
     * Records a batch in one transaction, all or none: a commit and four lookups per batch rather than per instance
     * (see {@link Batch}). A failure (a clash with another node, the database away) is thrown for the caller to record
     * them one at a time, with {@link #record}'s retries.
     */
    public List<Recorded> recordAll(List<Received> batch) {
        // under the lock: two callers with one new study or series must not both insert it
        synchronized (this) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> new Batch(batch).write());
            } catch (RuntimeException e) {
                for (Received r : batch) forget(r.header().studyInstanceUid(), List.of(r.header().seriesInstanceUid()));
                throw e;
            }
        }
    }

    /**
     * Inserts or updates the rows for this instance (a re-sent instance replaces the earlier one); a unique-key clash
     * with another node, or a known id whose row another node deleted, is retried with fresh lookups.
     */
    public Recorded record(Received r) {
        PersistenceException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return recordAll(List.of(r)).get(0);
            } catch (PersistenceException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * One transaction's writes. The rows its instances need are looked up together (one query per table), except a
     * study or series this node wrote lately with the same values, which is used by reference; new rows are inserted
     * once, so a study's images in one batch share them; one flush at the end.
     */
    private final class Batch {
        private final List<Received> received;
        private final Map<String, Patient> patients = new HashMap<>();
        private final Map<String, Study> studies = new HashMap<>();
        private final Map<String, Series> series = new HashMap<>();
        private final Map<String, StoredInstance> instances = new HashMap<>();

        Batch(List<Received> received) {
            this.received = received;
        }

        List<Recorded> write() {
            lookUp();
            List<Recorded> recorded = new ArrayList<>(received.size());
            List<Long> knownStudyIds = new ArrayList<>(received.size()), knownSeriesIds = new ArrayList<>(received.size());
            for (Received r : received) {
                knownStudyIds.add(studyIdIfSame(r.header()));
                knownSeriesIds.add(seriesIdIfSame(r.header()));
                recorded.add(instance(r, series(r.header())));
            }
            StoredInstance.getEntityManager().flush(); // ids for the cache below; a clash is raised here, inside the caller's retry
            for (int i = 0; i < received.size(); i++) { // forgotten again if the commit fails
                InstanceHeader h = received.get(i).header();
                Long studyId = knownStudyIds.get(i), seriesId = knownSeriesIds.get(i);
                knownStudies.put(h.studyInstanceUid(), studyId != null ? studyId : studies.get(h.studyInstanceUid()).id, StudyRows.of(h));
                knownSeries.put(h.seriesInstanceUid(), seriesId != null ? seriesId : series.get(h.seriesInstanceUid()).id, SeriesRows.of(h));
            }
            return recorded;
        }

        private void lookUp() {
            Set<String> patientIds = new HashSet<>(), studyUids = new HashSet<>(), seriesUids = new HashSet<>(), sopUids = new HashSet<>();
            for (Received r : received) {
                InstanceHeader h = r.header();
                sopUids.add(h.sopInstanceUid());
                if (seriesIdIfSame(h) != null) continue;
                seriesUids.add(h.seriesInstanceUid());
                if (studyIdIfSame(h) != null) continue;
                studyUids.add(h.studyInstanceUid());
                patientIds.add(StudyRows.of(h).patientId());
            }
            if (!patientIds.isEmpty()) Patient.<Patient>list("patientId in ?1", patientIds).forEach(p -> patients.put(p.patientId, p));
            if (!studyUids.isEmpty()) Study.<Study>list("studyInstanceUid in ?1", studyUids).forEach(s -> studies.put(s.studyInstanceUid, s));
            if (!seriesUids.isEmpty()) Series.<Series>list("seriesInstanceUid in ?1", seriesUids).forEach(s -> series.put(s.seriesInstanceUid, s));
            StoredInstance.<StoredInstance>list("sopInstanceUid in ?1", sopUids).forEach(i -> instances.put(i.sopInstanceUid, i));
        }

        private Long studyIdIfSame(InstanceHeader h) {
            return knownStudies.idIfSame(h.studyInstanceUid(), StudyRows.of(h));
        }

        private Long seriesIdIfSame(InstanceHeader h) {
            return studyIdIfSame(h) == null ? null : knownSeries.idIfSame(h.seriesInstanceUid(), SeriesRows.of(h));
        }

        private Series series(InstanceHeader h) {
            Long known = seriesIdIfSame(h);
            if (known != null) return Series.getEntityManager().getReference(Series.class, known);
            SeriesRows r = SeriesRows.of(h);
            Series row = series.computeIfAbsent(h.seriesInstanceUid(), uid -> new Series());
            row.seriesInstanceUid = h.seriesInstanceUid();
            row.study = study(h);
            row.modality = r.modality();
            row.seriesNumber = r.seriesNumber();
            row.description = r.description();
            if (row.id == null) row.persist();
            return row;
        }

        private Study study(InstanceHeader h) {
            Long known = studyIdIfSame(h);
            if (known != null) return Study.getEntityManager().getReference(Study.class, known);
            StudyRows r = StudyRows.of(h);
            Patient patient = patients.computeIfAbsent(r.patientId(), id -> new Patient());
            patient.patientId = r.patientId();
            patient.patientName = r.patientName();
            patient.birthDate = r.birthDate();
            patient.sex = r.sex();
            if (patient.id == null) patient.persist();
            Study study = studies.computeIfAbsent(h.studyInstanceUid(), uid -> new Study());
            study.studyInstanceUid = h.studyInstanceUid();
            study.patient = patient;
            study.studyDate = r.studyDate();
            study.studyTime = r.studyTime();
            study.accessionNumber = r.accessionNumber();
            study.description = r.description();
            if (study.id == null) study.persist();
            return study;
        }

        private Recorded instance(Received r, Series series) {
            InstanceHeader h = r.header();
            StoredInstance instance = instances.computeIfAbsent(h.sopInstanceUid(), uid -> new StoredInstance());
            String earlierPath = instance.filePath;
            instance.sopInstanceUid = h.sopInstanceUid();
            instance.series = series;
            instance.sopClassUid = h.sopClassUid();
            instance.transferSyntaxUid = fit(h.transferSyntaxUid(), StoredInstance.TRANSFER_SYNTAX_LENGTH);
            instance.instanceNumber = h.instanceNumber();
            instance.imageLaterality = fit(h.imageLaterality(), StoredInstance.LATERALITY_LENGTH);
            instance.viewPosition = fit(h.viewPosition(), StoredInstance.VIEW_POSITION_LENGTH);
            instance.rows = h.rows();
            instance.columns = h.columns();
            instance.numberOfFrames = h.numberOfFrames();
            instance.callingAeTitle = fit(r.callingAeTitle(), StoredInstance.CALLING_AE_TITLE_LENGTH);
            instance.receivedAt = r.receivedAt();
            instance.filePath = r.filePath();
            instance.sizeBytes = r.sizeBytes();
            if (instance.id == null) instance.persist();
            return new Recorded(earlierPath != null && !earlierPath.equals(r.filePath()) ? earlierPath : null);
        }
    }

    /** The study and its series were removed from the catalog: their ids are no longer valid. */
    void forget(String studyUid, List<String> seriesUids) {
        knownStudies.forget(studyUid);
        seriesUids.forEach(knownSeries::forget);
    }

    /**
     * A value cut to its column's length: a peer's over-long value (beyond its VR's maximum) must not stop an instance
     * we have acknowledged from being cataloged; the file keeps the whole value.
     */
    static String fit(String value, int columnLength) {
        return value == null || value.length() <= columnLength ? value : value.substring(0, columnLength);
    }
}
