package org.mammoai.node.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Instant;

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

    private record Written(Recorded recorded, long studyId, long seriesId) {}

    /** Inserts or updates the rows for this instance (a re-sent instance replaces the earlier one). */
    public Recorded record(InstanceHeader h, String filePath, long sizeBytes, String callingAeTitle, Instant receivedAt) {
        StudyRows studyRows = StudyRows.of(h);
        SeriesRows seriesRows = SeriesRows.of(h);
        PersistenceException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                Long studyId = knownStudies.idIfSame(h.studyInstanceUid(), studyRows);
                Long seriesId = studyId == null ? null : knownSeries.idIfSame(h.seriesInstanceUid(), seriesRows);
                Written written;
                if (seriesId != null) {
                    written = QuarkusTransaction.requiringNew().call(() -> upsertInstance(h,
                            Series.getEntityManager().getReference(Series.class, seriesId), filePath, sizeBytes, callingAeTitle, receivedAt));
                } else {
                    synchronized (this) { // two associations of one new study or series must not both insert it
                        written = QuarkusTransaction.requiringNew().call(() -> {
                            Study study = studyId != null ? Study.getEntityManager().getReference(Study.class, studyId)
                                    : upsertStudy(h.studyInstanceUid(), studyRows);
                            return upsertInstance(h, upsertSeries(h.seriesInstanceUid(), seriesRows, study), filePath, sizeBytes, callingAeTitle, receivedAt);
                        });
                    }
                }
                knownStudies.put(h.studyInstanceUid(), written.studyId(), studyRows);
                knownSeries.put(h.seriesInstanceUid(), written.seriesId(), seriesRows);
                return written.recorded();
            } catch (PersistenceException e) {
                knownStudies.forget(h.studyInstanceUid());
                knownSeries.forget(h.seriesInstanceUid());
                last = e;
            }
        }
        throw last;
    }

    /** The study and its series were removed from the catalog: their ids are no longer valid. */
    void forget(String studyUid, java.util.List<String> seriesUids) {
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

    private static Study upsertStudy(String studyUid, StudyRows r) {
        Patient patient = Patient.<Patient>find("patientId", r.patientId()).firstResultOptional().orElseGet(Patient::new);
        patient.patientId = r.patientId();
        patient.patientName = r.patientName();
        patient.birthDate = r.birthDate();
        patient.sex = r.sex();
        patient.persist();

        Study study = Study.<Study>find("studyInstanceUid", studyUid).firstResultOptional().orElseGet(Study::new);
        study.studyInstanceUid = studyUid;
        study.patient = patient;
        study.studyDate = r.studyDate();
        study.studyTime = r.studyTime();
        study.accessionNumber = r.accessionNumber();
        study.description = r.description();
        study.persist();
        return study;
    }

    private static Series upsertSeries(String seriesUid, SeriesRows r, Study study) {
        Series series = Series.<Series>find("seriesInstanceUid", seriesUid).firstResultOptional().orElseGet(Series::new);
        series.seriesInstanceUid = seriesUid;
        series.study = study;
        series.modality = r.modality();
        series.seriesNumber = r.seriesNumber();
        series.description = r.description();
        series.persist();
        return series;
    }

    private Written upsertInstance(InstanceHeader h, Series series, String filePath, long sizeBytes, String callingAeTitle, Instant receivedAt) {
        StoredInstance instance = StoredInstance.<StoredInstance>find("sopInstanceUid", h.sopInstanceUid())
                .firstResultOptional().orElseGet(StoredInstance::new);
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
        instance.callingAeTitle = fit(callingAeTitle, StoredInstance.CALLING_AE_TITLE_LENGTH);
        instance.receivedAt = receivedAt;
        instance.filePath = filePath;
        instance.sizeBytes = sizeBytes;
        instance.persist();
        StoredInstance.getEntityManager().flush(); // so the id exists, and a clash is raised here, inside the retry
        return new Written(new Recorded(earlierPath != null && !earlierPath.equals(filePath) ? earlierPath : null),
                series.study.id, series.id);
    }
}
