package org.mammoai.node.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Instant;

/**
 * Records received instances in patient/study/series/instance tables. Writes are serialized in this
 * JVM so two associations of one study do not both insert it; a unique-key clash with another node
 * sharing the database is retried, and then finds the row the other node wrote.
 */
@ApplicationScoped
public class Catalog {
    private static final int ATTEMPTS = 3;

    /**
     * An instance's row as written, and the spool file an earlier copy of it was kept in when that is another one
     * (re-sent with a corrected Study Instance UID), which the caller then removes.
     */
    public record Recorded(StoredInstance instance, String replacedFilePath) {}

    /** Inserts or updates the rows for this instance (a re-sent instance replaces the earlier one). */
    public Recorded record(InstanceHeader h, String filePath, long sizeBytes, String callingAeTitle, Instant receivedAt) {
        PersistenceException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                synchronized (this) {
                    return QuarkusTransaction.requiringNew().call(() -> upsert(h, filePath, sizeBytes, callingAeTitle, receivedAt));
                }
            } catch (PersistenceException e) {
                last = e;
            }
        }
        throw last;
    }

    private Recorded upsert(InstanceHeader h, String filePath, long sizeBytes, String callingAeTitle, Instant receivedAt) {
        String patientKey = h.patientId() == null ? "" : h.patientId();
        Patient patient = Patient.<Patient>find("patientId", patientKey).firstResultOptional().orElseGet(Patient::new);
        patient.patientId = patientKey;
        patient.patientName = h.patientName();
        patient.birthDate = h.patientBirthDate();
        patient.sex = h.patientSex();
        patient.persist();

        Study study = Study.<Study>find("studyInstanceUid", h.studyInstanceUid()).firstResultOptional().orElseGet(Study::new);
        study.studyInstanceUid = h.studyInstanceUid();
        study.patient = patient;
        study.studyDate = h.studyDate();
        study.studyTime = h.studyTime();
        study.accessionNumber = h.accessionNumber();
        study.description = h.studyDescription();
        study.persist();

        Series series = Series.<Series>find("seriesInstanceUid", h.seriesInstanceUid()).firstResultOptional().orElseGet(Series::new);
        series.seriesInstanceUid = h.seriesInstanceUid();
        series.study = study;
        series.modality = h.modality();
        series.seriesNumber = h.seriesNumber();
        series.description = h.seriesDescription();
        series.persist();

        StoredInstance instance = StoredInstance.<StoredInstance>find("sopInstanceUid", h.sopInstanceUid())
                .firstResultOptional().orElseGet(StoredInstance::new);
        String earlierPath = instance.filePath;
        instance.sopInstanceUid = h.sopInstanceUid();
        instance.series = series;
        instance.sopClassUid = h.sopClassUid();
        instance.transferSyntaxUid = h.transferSyntaxUid();
        instance.instanceNumber = h.instanceNumber();
        instance.imageLaterality = h.imageLaterality();
        instance.viewPosition = h.viewPosition();
        instance.rows = h.rows();
        instance.columns = h.columns();
        instance.numberOfFrames = h.numberOfFrames();
        instance.callingAeTitle = callingAeTitle;
        instance.receivedAt = receivedAt;
        instance.filePath = filePath;
        instance.sizeBytes = sizeBytes;
        instance.persist();
        return new Recorded(instance, earlierPath != null && !earlierPath.equals(filePath) ? earlierPath : null);
    }
}
