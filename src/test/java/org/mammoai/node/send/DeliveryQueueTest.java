package org.mammoai.node.send;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.SOPClass;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mammoai.node.access.CsrfToken;
import org.mammoai.node.config.ResultType;
import org.mammoai.node.results.ResultCatalog;
import org.mammoai.node.results.ResultFile;
import org.mammoai.node.results.ResultFiles;
import org.mammoai.node.results.ResultInstance;
import org.mammoai.node.testing.ApiCredentials;
import org.mammoai.node.testing.SyntheticDicom;

/**
 * An image analysed again: what was not yet sent of its earlier results is not sent any more, nor resent with the study.
 * A dead letter given up by an admin no longer keeps its study from retention.
 */
@QuarkusTest
class DeliveryQueueTest {
    @Inject
    DeliveryQueue queue;
    @Inject
    ResultCatalog results;
    @Inject
    ResultFiles files;

    @Test
    void unsentDeliveriesOfReplacedResultsAreDroppedAndSentOnesKeptButNotResent() throws Exception {
        String study = SyntheticDicom.newUid(), source = SyntheticDicom.newUid();
        ResultFile seg = file(study, source, ResultType.SEG, SOPClass.SegmentationStorage);
        ResultFile sr = file(study, source, ResultType.TID1500_SR, SOPClass.ComprehensiveSRStorage);
        QuarkusTransaction.requiringNew().run(() -> {
            results.recordImageResults(study, source, List.of(seg, sr));
            ResultInstance.<ResultInstance>list("sourceSopInstanceUid", source).forEach(queue::schedule);
            // the SEG reached the PACS; the SR waits for a retry (not due during this test)
            Delivery.update("state = ?1 where sopInstanceUid = ?2", DeliveryState.SENT, seg.sopInstanceUid());
            Delivery.update("nextAttemptAt = ?1 where sopInstanceUid = ?2", Instant.now().plusSeconds(3600), sr.sopInstanceUid());
        });
        assertThat(deliveries(study)).extracting(d -> d.sopInstanceUid).containsExactlyInAnyOrder(seg.sopInstanceUid(), sr.sopInstanceUid());

        ResultFile newSr = file(study, source, ResultType.TID1500_SR, SOPClass.ComprehensiveSRStorage);
        QuarkusTransaction.requiringNew().run(() -> results.recordImageResults(study, source, List.of(newSr)));

        List<Delivery> left = deliveries(study);
        assertThat(left).as("the old SR is not sent any more; the sent SEG stays on record")
                .extracting(d -> d.sopInstanceUid).containsExactly(seg.sopInstanceUid());
        assertThat(left.get(0).state).isEqualTo(DeliveryState.SENT);
        assertThat(queue.resendStudy(study)).as("a replaced result is not resent with its study").isZero();
        assertThat(deliveries(study).get(0).state).isEqualTo(DeliveryState.SENT);
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery.delete("studyInstanceUid", study);
            ResultInstance.delete("studyInstanceUid", study);
        });
    }

    @Test
    void onlyADeadLetterCanBeDiscardedAndThenItNoLongerHoldsItsStudy() throws Exception {
        String study = SyntheticDicom.newUid(), source = SyntheticDicom.newUid();
        // the PACS is retrying (not due during this test); the other destination gave up
        ResultFile cadSr = scheduledCadSr(study, source, uid -> {
            Delivery.update("nextAttemptAt = ?1 where sopInstanceUid = ?2 and destination = 'pacs'", Instant.now().plusSeconds(3600), uid);
            Delivery.update("state = ?1, attempts = 5 where sopInstanceUid = ?2 and destination = 'offline'", DeliveryState.DEAD, uid);
        });
        Delivery toPacs = delivery(study, "pacs"), dead = delivery(study, "offline");
        assertThat(QuarkusTransaction.requiringNew().call(() -> queue.removeDeliveredStudy(study))).as("held by the dead letter").isFalse();

        given().post("/api/deliveries/" + toPacs.id + "/discard").then().statusCode(409);
        ApiCredentials.asViewer().post("/api/deliveries/" + dead.id + "/discard").then().statusCode(403);
        given().post("/api/deliveries/" + dead.id + "/discard").then().statusCode(204);
        given().post("/api/deliveries/" + dead.id + "/discard").then().statusCode(404);
        assertThat(deliveries(study)).extracting(d -> d.destination).containsExactly("pacs");
        assertThat(given().get("/api/deliveries?state=DEAD").jsonPath().getList("id", Long.class)).doesNotContain(dead.id);
        List<String> audit = given().get("/api/audit").jsonPath().getList("findAll { it.action == 'delivery.discard' }.detail");
        assertThat(audit).anySatisfy(detail -> assertThat(detail).contains(cadSr.sopInstanceUid()).contains("offline"));

        assertThat(QuarkusTransaction.requiringNew().call(() -> queue.removeDeliveredStudy(study))).as("still sending to the PACS").isFalse();
        QuarkusTransaction.requiringNew().run(() -> Delivery.update("state = ?1 where id = ?2", DeliveryState.SENT, toPacs.id));
        given().post("/api/deliveries/" + toPacs.id + "/discard").then().statusCode(409); // a sent one is the record
        assertThat(QuarkusTransaction.requiringNew().call(() -> queue.removeDeliveredStudy(study))).as("all delivered or given up").isTrue();
        QuarkusTransaction.requiringNew().run(() -> ResultInstance.delete("studyInstanceUid", study));
    }

    @Test
    void anAdminDiscardsADeadLetterFromTheFailuresPage() throws Exception {
        String study = SyntheticDicom.newUid(), source = SyntheticDicom.newUid();
        scheduledCadSr(study, source, uid -> {
            Delivery.update("state = ?1 where sopInstanceUid = ?2 and destination = 'pacs'", DeliveryState.SENT, uid);
            Delivery.update("state = ?1 where sopInstanceUid = ?2 and destination = 'offline'", DeliveryState.DEAD, uid);
        });
        Delivery dead = delivery(study, "offline");
        String form = "/console/deliveries/" + dead.id + "/discard";
        java.util.Map<String, String> session = ApiCredentials.consoleSession(ApiCredentials.ADMIN, ApiCredentials.ADMIN_PASSWORD);
        io.restassured.response.Response page = given().auth().none().cookies(session).get("/console/failures");
        assertThat(page.asString()).contains(form);
        String csrf = page.getCookie(CsrfToken.COOKIE);

        given().auth().none().cookies(session).cookie(CsrfToken.COOKIE, csrf).formParam("csrf", csrf).redirects().follow(false)
                .post(form).then().statusCode(303);
        assertThat(deliveries(study)).extracting(d -> d.destination).containsExactly("pacs");
        assertThat(given().auth().none().cookies(session).get("/console/failures").asString()).doesNotContain(form);
        QuarkusTransaction.requiringNew().run(() -> {
            Delivery.delete("studyInstanceUid", study);
            ResultInstance.delete("studyInstanceUid", study);
        });
    }

    /**
     * A CAD SR recorded for the study and its deliveries scheduled, one to each test destination (pacs, offline);
     * {@code thenSet} changes them in the same transaction, before the sender can see them.
     */
    private ResultFile scheduledCadSr(String study, String source, java.util.function.Consumer<String> thenSet) throws Exception {
        ResultFile cadSr = file(study, source, ResultType.CAD_SR, SOPClass.MammographyCADSRStorage);
        QuarkusTransaction.requiringNew().run(() -> {
            results.recordImageResults(study, source, List.of(cadSr));
            ResultInstance.<ResultInstance>list("sourceSopInstanceUid", source).forEach(queue::schedule);
            thenSet.accept(cadSr.sopInstanceUid());
        });
        return cadSr;
    }

    private static Delivery delivery(String study, String destination) {
        return deliveries(study).stream().filter(d -> d.destination.equals(destination)).findFirst().orElseThrow();
    }

    private ResultFile file(String study, String source, ResultType type, String sopClass) throws Exception {
        String uid = SyntheticDicom.newUid();
        Path path = files.root().resolve(study).resolve(source).resolve(uid + ".dcm");
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[] {0});
        return new ResultFile(type, sopClass, uid, path);
    }

    private static List<Delivery> deliveries(String study) {
        return QuarkusTransaction.requiringNew().call(() -> Delivery.<Delivery>list("studyInstanceUid = ?1 order by id", study));
    }
}
