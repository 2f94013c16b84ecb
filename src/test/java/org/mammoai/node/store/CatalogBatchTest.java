package org.mammoai.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.SyntheticDicom;

/** A batch of received instances is recorded in one transaction with the same rows as one at a time. */
@QuarkusTest
class CatalogBatchTest {
    @Inject
    Catalog catalog;

    @Test
    void aBatchSharesItsNewStudyAndSeriesAndReplacesRe_sentInstances() {
        String patient = "P" + System.nanoTime(), study = SyntheticDicom.newUid(), corrected = SyntheticDicom.newUid();
        String cc = SyntheticDicom.newUid(), mlo = SyntheticDicom.newUid();
        String a = SyntheticDicom.newUid(), b = SyntheticDicom.newUid(), c = SyntheticDicom.newUid(), twice = SyntheticDicom.newUid();

        List<Catalog.Recorded> first = catalog.recordAll(List.of(received(patient, "Doe^Jane", study, cc, a, "s/a"),
                received(patient, "Doe^Jane", study, cc, b, "s/b"), received(patient, "Doe^Jane", study, mlo, c, "s/c")));
        assertThat(first).extracting(Catalog.Recorded::replacedFilePath).containsOnlyNulls();
        assertThat(count("select count(s) from Study s where s.studyInstanceUid = ?1", study)).as("one study row for the batch").isEqualTo(1);
        assertThat(count("select count(s) from Series s where s.study.studyInstanceUid = ?1", study)).isEqualTo(2);
        assertThat(count("select count(i) from StoredInstance i where i.series.seriesInstanceUid = ?1", cc)).isEqualTo(2);
        assertThat(count("select count(p) from Patient p where p.patientId = ?1", patient)).isEqualTo(1);

        // a re-send of a under a corrected study (another file), an instance twice in one batch, a corrected patient name
        List<Catalog.Recorded> second = catalog.recordAll(List.of(received(patient, "Doe^Janet", corrected, SyntheticDicom.newUid(), a, "t/a"),
                received(patient, "Doe^Janet", study, cc, twice, "s/x1"), received(patient, "Doe^Janet", study, cc, twice, "s/x2")));
        assertThat(second).extracting(Catalog.Recorded::replacedFilePath).containsExactly("s/a", null, "s/x1");
        assertThat(QuarkusTransaction.requiringNew().call(() -> StoredInstance.<StoredInstance>find("sopInstanceUid", a).firstResult().series.study.studyInstanceUid))
                .isEqualTo(corrected);
        assertThat(QuarkusTransaction.requiringNew().call(() -> StoredInstance.<StoredInstance>find("sopInstanceUid", twice).firstResult().filePath))
                .isEqualTo("s/x2");
        assertThat(count("select count(i) from StoredInstance i where i.sopInstanceUid = ?1", twice)).isEqualTo(1);
        assertThat(QuarkusTransaction.requiringNew().call(() -> Patient.<Patient>find("patientId", patient).firstResult().patientName))
                .isEqualTo("Doe^Janet");

        // one at a time afterwards: the rows the batch wrote are found, not written again
        catalog.record(new Catalog.Received(header(patient, "Doe^Janet", study, mlo, SyntheticDicom.newUid()), "s/d", 1, "TEST", Instant.now()));
        assertThat(count("select count(s) from Series s where s.study.studyInstanceUid = ?1", study)).isEqualTo(2);
        assertThat(count("select count(i) from StoredInstance i where i.series.seriesInstanceUid = ?1", mlo)).isEqualTo(2);
    }

    private static long count(String query, String uid) {
        return QuarkusTransaction.requiringNew().call(() -> StoredInstance.getEntityManager().createQuery(query, Long.class)
                .setParameter(1, uid).getSingleResult());
    }

    private static Catalog.Received received(String patientId, String name, String study, String series, String sop, String path) {
        return new Catalog.Received(header(patientId, name, study, series, sop), path, 1, "TEST", Instant.now());
    }

    private static InstanceHeader header(String patientId, String name, String study, String series, String sop) {
        return new InstanceHeader(patientId, name, null, null, study, null, null, null, null, series, "MG", null, null,
                sop, "1.2.840.10008.5.1.4.1.1.1.2", null, null, null, null, 1, 1, null, null, 16, 1);
    }
}
