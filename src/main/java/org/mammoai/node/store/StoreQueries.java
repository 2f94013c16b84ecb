package org.mammoai.node.store;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the catalog offers the console and the API: recent studies and how much arrived. */
@ApplicationScoped
public class StoreQueries {
    /** A stored image's file and what decides its model. */
    public record StoredImage(java.nio.file.Path file, String modality, String sopClassUid) {}

    /** Which breast and view an image shows, as its header said (either may be null). */
    public record View(String laterality, String viewPosition) {}

    /** A cataloged instance by catalog order, for paging through all of them. */
    public record InstanceRef(long id, String sopInstanceUid, String studyInstanceUid) {}

    private final Spool spool;

    public StoreQueries(Spool spool) {
        this.spool = spool;
    }

    public Optional<StoredImage> storedImage(String sopInstanceUid) {
        return QuarkusTransaction.requiringNew().call(() -> StoredInstance.<StoredInstance>find("sopInstanceUid", sopInstanceUid)
                .firstResultOptional().map(i -> new StoredImage(spool.resolve(i.filePath), i.series.modality, i.sopClassUid)));
    }

    public Optional<View> view(String sopInstanceUid) {
        return QuarkusTransaction.requiringNew().call(() -> StoredInstance.<StoredInstance>find("sopInstanceUid", sopInstanceUid)
                .firstResultOptional().map(i -> new View(i.imageLaterality, i.viewPosition)));
    }

    /** The distinct laterality/view pairs of a study's instances (a few rows however many images it has). */
    public List<View> viewsOfStudy(String studyUid) {
        return QuarkusTransaction.requiringNew().call(() -> StoredInstance.getEntityManager().createQuery(
                "select distinct i.imageLaterality, i.viewPosition from StoredInstance i join i.series s where s.study.studyInstanceUid = ?1",
                Object[].class).setParameter(1, studyUid).getResultList().stream().map(r -> new View((String) r[0], (String) r[1])).toList());
    }

    /** When the study's last instance arrived; empty when none is cataloged. */
    public Optional<Instant> lastReceived(String studyUid) {
        return QuarkusTransaction.requiringNew().call(() -> Optional.ofNullable(StoredInstance.getEntityManager().createQuery(
                "select max(i.receivedAt) from StoredInstance i join i.series s where s.study.studyInstanceUid = ?1", Instant.class)
                .setParameter(1, studyUid).getSingleResult()));
    }

    /** Up to max instances after the given catalog id, in id order. */
    public List<InstanceRef> instancesAfter(long afterId, int max) {
        return QuarkusTransaction.requiringNew().call(() -> StoredInstance.getEntityManager().createQuery(
                "select i.id, i.sopInstanceUid, s.study.studyInstanceUid from StoredInstance i join i.series s where i.id > ?1 order by i.id",
                Object[].class).setParameter(1, afterId).setMaxResults(max).getResultList().stream()
                .map(r -> new InstanceRef((Long) r[0], (String) r[1], (String) r[2])).toList());
    }

    /** A study as the console lists it (patient name and ID are shown to signed-in users only). */
    public record StudySummary(String studyUid, String patientName, String patientId, String studyDate, String accessionNumber,
                               long instances, Instant lastReceived) {}

    public List<StudySummary> recentStudies(int max) {
        return QuarkusTransaction.requiringNew().call(() -> Study.getEntityManager().createQuery(
                "select s.studyInstanceUid, p.patientName, p.patientId, s.studyDate, s.accessionNumber, count(i), max(i.receivedAt) "
                        + "from StoredInstance i join i.series se join se.study s join s.patient p "
                        + "group by s.studyInstanceUid, p.patientName, p.patientId, s.studyDate, s.accessionNumber "
                        + "order by max(i.receivedAt) desc", Object[].class).setMaxResults(max).getResultList()
                .stream().map(StoreQueries::summary).toList());
    }

    public Optional<StudySummary> study(String studyUid) {
        return QuarkusTransaction.requiringNew().call(() -> Study.getEntityManager().createQuery(
                "select s.studyInstanceUid, p.patientName, p.patientId, s.studyDate, s.accessionNumber, count(i), max(i.receivedAt) "
                        + "from StoredInstance i join i.series se join se.study s join s.patient p where s.studyInstanceUid = ?1 "
                        + "group by s.studyInstanceUid, p.patientName, p.patientId, s.studyDate, s.accessionNumber", Object[].class)
                .setParameter(1, studyUid).getResultList().stream().findFirst().map(StoreQueries::summary));
    }

    public long receivedSince(Instant since) {
        return QuarkusTransaction.requiringNew().call(() -> StoredInstance.count("receivedAt >= ?1", since));
    }

    /** Laterality and view of an instance, for labels ("L CC"); empty when not a mammogram. */
    public String viewLabel(String sopInstanceUid) {
        return QuarkusTransaction.requiringNew().call(() -> StoredInstance.<StoredInstance>find("sopInstanceUid", sopInstanceUid)
                .firstResultOptional().map(i -> ((i.imageLaterality == null ? "" : i.imageLaterality) + " "
                        + (i.viewPosition == null ? "" : i.viewPosition)).trim()).orElse(""));
    }

    private static StudySummary summary(Object[] r) {
        return new StudySummary((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (Long) r[5], (Instant) r[6]);
    }
}
