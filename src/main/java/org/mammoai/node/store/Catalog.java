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
 * Records received instances in patient/study/series/instance tables. Writes are serialized in this JVM so that two
 * callers with one new study do not both insert it; a unique-key clash with another node sharing the database is
 * retried, and then finds the row the other node wrote.
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
        /**
         * An instance with the rows its header gives and the ids of its study and series where this node wrote them
         * lately with the same values (null otherwise): decided once, so the lookups and the writes agree.
         */
        private record Item(Received received, StudyRows studyRows, SeriesRows seriesRows, Long knownStudyId, Long knownSeriesId) {
            InstanceHeader header() {
                return received.header();
            }
        }

        private final List<Item> items = new ArrayList<>();
        private final Map<String, Patient> patients = new HashMap<>();
        private final Map<String, Study> studies = new HashMap<>();
        private final Map<String, Series> series = new HashMap<>();
        private final Map<String, StoredInstance> instances = new HashMap<>();

        Batch(List<Received> received) {
            for (Received r : received) {
                InstanceHeader h = r.header();
                StudyRows studyRows = StudyRows.of(h);
                SeriesRows seriesRows = SeriesRows.of(h);
                Long studyId = knownStudies.idIfSame(h.studyInstanceUid(), studyRows);
                Long seriesId = studyId == null ? null : knownSeries.idIfSame(h.seriesInstanceUid(), seriesRows);
                items.add(new Item(r, studyRows, seriesRows, studyId, seriesId));
            }
        }

        List<Recorded> write() {
            lookUp();
            List<Recorded> recorded = new ArrayList<>(items.size());
            for (Item item : items) recorded.add(instance(item.received(), series(item)));
            StoredInstance.getEntityManager().flush(); // ids for the cache below; a clash is raised here, inside the caller's retry
            for (Item item : items) { // forgotten again if the commit fails
                InstanceHeader h = item.header();
                knownStudies.put(h.studyInstanceUid(), item.knownStudyId() != null ? item.knownStudyId() : studies.get(h.studyInstanceUid()).id,
                        item.studyRows());
                knownSeries.put(h.seriesInstanceUid(), item.knownSeriesId() != null ? item.knownSeriesId() : series.get(h.seriesInstanceUid()).id,
                        item.seriesRows());
            }
            return recorded;
        }

        private void lookUp() {
            Set<String> patientIds = new HashSet<>(), studyUids = new HashSet<>(), seriesUids = new HashSet<>(), sopUids = new HashSet<>();
            for (Item item : items) {
                InstanceHeader h = item.header();
                sopUids.add(h.sopInstanceUid());
                if (item.knownSeriesId() != null) continue;
                seriesUids.add(h.seriesInstanceUid());
                if (item.knownStudyId() != null) continue;
                studyUids.add(h.studyInstanceUid());
                patientIds.add(item.studyRows().patientId());
            }
            if (!patientIds.isEmpty()) Patient.<Patient>list("patientId in ?1", patientIds).forEach(p -> patients.put(p.patientId, p));
            if (!studyUids.isEmpty()) Study.<Study>list("studyInstanceUid in ?1", studyUids).forEach(s -> studies.put(s.studyInstanceUid, s));
            if (!seriesUids.isEmpty()) Series.<Series>list("seriesInstanceUid in ?1", seriesUids).forEach(s -> series.put(s.seriesInstanceUid, s));
            StoredInstance.<StoredInstance>list("sopInstanceUid in ?1", sopUids).forEach(i -> instances.put(i.sopInstanceUid, i));
        }

        private Series series(Item item) {
            if (item.knownSeriesId() != null) return Series.getEntityManager().getReference(Series.class, item.knownSeriesId());
            SeriesRows r = item.seriesRows();
            Series row = series.computeIfAbsent(item.header().seriesInstanceUid(), uid -> new Series());
            row.seriesInstanceUid = item.header().seriesInstanceUid();
            row.study = study(item);
            row.modality = r.modality();
            row.seriesNumber = r.seriesNumber();
            row.description = r.description();
            if (row.id == null) row.persist();
            return row;
        }

        private Study study(Item item) {
            if (item.knownStudyId() != null) return Study.getEntityManager().getReference(Study.class, item.knownStudyId());
            StudyRows r = item.studyRows();
            Patient patient = patients.computeIfAbsent(r.patientId(), id -> new Patient());
            patient.patientId = r.patientId();
            patient.patientName = r.patientName();
            patient.birthDate = r.birthDate();
            patient.sex = r.sex();
            if (patient.id == null) patient.persist();
            Study study = studies.computeIfAbsent(item.header().studyInstanceUid(), uid -> new Study());
            study.studyInstanceUid = item.header().studyInstanceUid();
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
