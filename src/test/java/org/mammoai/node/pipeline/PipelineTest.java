package org.mammoai.node.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mammoai.node.results.ResultFiles;
import org.mammoai.node.results.ResultInstance;
import org.mammoai.node.testing.ObjectChecks;
import org.mammoai.node.testing.OrthancPacs;
import org.mammoai.node.testing.Bytes;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/**
 * The whole node against real peers: dcmtk's storescu sends mammograms, the node analyses them with
 * the bundled model and sends SEG + SRs to a real Orthanc, checked through Orthanc's REST API.
 */
@QuarkusTest
class PipelineTest {
    @Inject
    ResultFiles resultFiles;

    static final int NODE_PORT = 11199;
    static OrthancPacs orthanc;

    @BeforeAll
    static void startOrthanc() throws Exception {
        orthanc = OrthancPacs.start();
    }

    @AfterAll
    static void stopOrthanc() throws Exception {
        orthanc.close();
    }

    @Test
    void fourViewStudyGetsItsResultsIntoOrthancInTheSameStudy() throws Exception {
        Path dir = Files.createTempDirectory("study");
        String study = SyntheticDicom.newUid();
        List<String> files = new ArrayList<>();
        for (String view : new String[] {"L CC", "L MLO", "R CC", "R MLO"}) {
            String[] lv = view.split(" ");
            files.add(SyntheticDicom.mammogram(lv[0], lv[1]).study(study).size(512, 400).phantom().write(dir).toString());
        }
        assertThat(storescu(NODE_PORT, "MAMMO_TEST", files).exitCode()).isZero();
        assertThat(storescu(OrthancPacs.DICOM_PORT, OrthancPacs.AE_TITLE, files).exitCode()).isZero(); // the source, as the PACS has it

        JsonPath results = await(study, r -> r.getList("deliveries.findAll { it.destination == 'pacs' && it.state == 'SENT' }").size() == 9);

        assertThat(results.getList("deliveries.findAll { it.destination == 'pacs' }.sendMs", Integer.class))
                .as("each delivery says how long its association took").hasSize(9).allSatisfy(ms -> assertThat(ms).isNotNegative());
        assertThat(results.getString("releaseReason")).isEqualTo("all four views");
        assertThat(results.getInt("summary.imagesAnalysed")).isEqualTo(4);
        assertThat(results.getInt("summary.lesions")).isEqualTo(4); // one phantom mass per image
        List<String> imageResults = results.getList("images.results.flatten().sopInstanceUid", String.class);
        assertThat(imageResults).hasSize(8); // SEG + TID 1500 SR per image
        assertThat(results.getList("studyReports.type", String.class)).containsExactly("CAD_SR"); // one CAD SR for the study
        List<String> resultUids = new ArrayList<>(imageResults);
        resultUids.addAll(results.getList("studyReports.sopInstanceUid", String.class));

        List<JsonNode> inOrthanc = orthanc.instancesOfStudy(study);
        assertThat(inOrthanc).hasSize(13);
        assertThat(inOrthanc.stream().map(i -> i.get("SOPInstanceUID").asText()).toList()).containsAll(resultUids);
        assertThat(inOrthanc.stream().filter(i -> i.get("Modality").asText().equals("SEG")).count()).isEqualTo(4);
        assertThat(inOrthanc.stream().filter(i -> i.get("Modality").asText().equals("SR")).count()).isEqualTo(5);

        for (String uid : resultUids) { // what the PACS holds is valid DICOM, and dcmtk reads its SRs without error
            Path received = Files.write(dir.resolve(uid + ".dcm"), orthanc.file(uid));
            ObjectChecks.assertValid(received);
        }
        // the PACS copies read by OHIF's toolkit: the first image's lesion, its measurements and its segment
        List<String> firstImage = results.getList("images[0].results.sopInstanceUid", String.class);
        JsonNode read = org.mammoai.node.testing.Dcmjs.read(dir.resolve(firstImage.get(1) + ".dcm"), dir.resolve(firstImage.get(0) + ".dcm"));
        assertThat(read.get("lesions")).hasSize(1);
        assertThat(read.get("segments").get(0).get("pixels").asInt()).isPositive();
        assertThat(read.get("lesions").get(0).get("trackingUid").asText()).isEqualTo(read.get("segments").get(0).get("trackingUid").asText());
        String cadV1 = results.getString("studyReports[0].sopInstanceUid");
        String cadDump = Tool.run("dsrdump", "+Pc", dir.resolve(cadV1 + ".dcm").toString()).output();
        assertThat(cadDump.split("\\(111027,DCM,\"Image Laterality\"\\)", -1)).as("four image library entries").hasSize(5);

        // a later image of the released study: its results go out with a new version of the CAD SR
        String later = SyntheticDicom.mammogram("L", "XCCL").study(study).size(512, 400).phantom().write(dir).toString();
        assertThat(storescu(NODE_PORT, "MAMMO_TEST", List.of(later)).exitCode()).isZero();
        JsonPath after = await(study, r -> r.getList("studyReports").size() == 2
                && r.getList("deliveries.findAll { it.destination == 'pacs' && it.state == 'SENT' }").size() >= 11);
        String cadV2 = after.getString("studyReports[1].sopInstanceUid");
        await(study, r -> r.getList("deliveries.findAll { it.destination == 'pacs' && it.state == 'SENT' }").size() == 12);
        Path v2 = Files.write(dir.resolve(cadV2 + ".dcm"), orthanc.file(cadV2));
        ObjectChecks.assertValid(v2);
        assertThat(Tool.run("dcmdump", v2.toString()).output()).contains("PredecessorDocumentsSequence").contains(cadV1);
        assertThat(Tool.run("dsrdump", "+Pc", v2.toString()).output().split("\\(111027,DCM,\"Image Laterality\"\\)", -1)).hasSize(6);

        // issue 10, 8: rows hold paths relative to the results folder; files and folders are the node user's only
        List<String> stored = QuarkusTransaction.requiringNew().call(() -> ResultInstance.<ResultInstance>list("studyInstanceUid", study)
                .stream().map(r -> r.filePath).toList());
        assertThat(stored).hasSize(12).allSatisfy(p -> assertThat(Path.of(p)).isRelative());
        Path resultsRoot = resultFiles.root();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(resultsRoot))).isEqualTo("rwx------");
        for (String p : stored) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(resultFiles.resolve(p)))).as(p).isEqualTo("rw-------");
        }

        String source = results.getString("images[0].sopInstanceUid");
        byte[] png = given().get("/api/instances/" + source + "/overlay.png").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        BufferedImage overlay = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(overlay.getWidth()).isEqualTo(400);
        assertThat(overlay.getHeight()).isEqualTo(512);
    }

    @Test
    void destinationThatNeverAnswersEndsAsDeadLetterAndCanBeResent() throws Exception {
        Path dir = Files.createTempDirectory("dead");
        SyntheticDicom image = SyntheticDicom.mammogram("L", "CC").size(256, 200).phantom();
        assertThat(storescu(NODE_PORT, "MAMMO_TEST", List.of(image.write(dir).toString())).exitCode()).isZero();

        JsonPath results = await(image.studyUid(), r -> r.getList("deliveries.findAll { it.destination == 'offline' && it.state == 'DEAD' }").size() == 1);
        Map<String, Object> dead = results.getMap("deliveries.find { it.destination == 'offline' }");
        assertThat((String) dead.get("lastError")).contains("OFFLINE").contains("11243");
        assertThat((Integer) dead.get("attempts")).isEqualTo(8);
        assertThat(given().get("/api/deliveries?state=DEAD").jsonPath().getList("id", Integer.class)).contains((Integer) dead.get("id"));

        JsonPath resent = given().post("/api/deliveries/" + dead.get("id") + "/resend").then().statusCode(200).extract().jsonPath();
        assertThat(resent.getString("state")).isEqualTo("PENDING");
        assertThat(resent.getInt("attempts")).isZero();
        given().post("/api/deliveries/999999/resend").then().statusCode(404);
    }

    @Test
    void orthancDownDuringDeliveryGetsTheResultsOnceItIsBack() throws Exception {
        Path dir = Files.createTempDirectory("down");
        SyntheticDicom image = SyntheticDicom.mammogram("R", "MLO").size(256, 200).phantom();
        orthanc.stopProcess();
        try {
            assertThat(storescu(NODE_PORT, "MAMMO_TEST", List.of(image.write(dir).toString())).exitCode()).isZero();
            JsonPath failing = await(image.studyUid(), r -> r.getList("deliveries.findAll { it.destination == 'pacs' && it.attempts >= 1 }").size() == 3);
            assertThat(failing.getList("deliveries.findAll { it.destination == 'pacs' }.state")).containsOnly("PENDING");
            assertThat(failing.getString("deliveries.find { it.destination == 'pacs' }.lastError")).contains("ORTHANC_TEST");
        } finally {
            orthanc.startProcess();
        }
        JsonPath results = await(image.studyUid(), r -> r.getList("deliveries.findAll { it.destination == 'pacs' && it.state == 'SENT' }").size() == 3);

        List<String> resultUids = new ArrayList<>(results.getList("images.results.flatten().sopInstanceUid", String.class));
        resultUids.addAll(results.getList("studyReports.sopInstanceUid", String.class));
        assertThat(resultUids).hasSize(3); // SEG, TID 1500 SR, the study's CAD SR
        List<String> inOrthanc = orthanc.instancesOfStudy(image.studyUid()).stream().map(i -> i.get("SOPInstanceUID").asText()).toList();
        assertThat(inOrthanc).containsExactlyInAnyOrderElementsOf(resultUids);
    }

    @Test
    void corruptImageEndsAsFailedJobWithTheReasonAndTheQueueMovesOn() throws Exception {
        Path dir = Files.createTempDirectory("corrupt");
        // whole as DICOM, so it passes the receiver's checks, but its JPEG 2000 code stream is garbage
        SyntheticDicom corrupt = SyntheticDicom.mammogram("L", "MLO").size(512, 400);
        Path file = corrupt.writeJpeg2000(dir, true);
        byte[] bytes = Files.readAllBytes(file);
        int codestream = Bytes.indexOf(bytes, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51});
        java.util.Arrays.fill(bytes, codestream, codestream + 200, (byte) 0x5A);
        Files.write(file, bytes);
        SyntheticDicom good = SyntheticDicom.mammogram("R", "CC").study(corrupt.studyUid()).size(256, 200).phantom();

        Tool sent = Tool.storescu(List.of("-xv"), NODE_PORT, "STORESCU", "MAMMO_TEST", file.toString(), good.write(dir).toString());
        assertThat(sent.ok()).as(sent.toString()).isTrue();

        JsonPath results = await(corrupt.studyUid(), r -> r.getList("images.findAll { it.state == 'QUEUED' || it.state == 'RUNNING' }").isEmpty());
        Map<String, Object> failed = results.getMap("images.find { it.sopInstanceUid == '" + corrupt.sopInstanceUid() + "' }");
        assertThat(failed.get("state")).isEqualTo("FAILED");
        assertThat((String) failed.get("error")).contains("cannot be read as DICOM").contains("JPEG 2000");
        assertThat(results.getString("images.find { it.sopInstanceUid == '" + good.sopInstanceUid() + "' }.state")).isEqualTo("DONE");
        assertThat(given().get("/api/jobs?state=FAILED").jsonPath().getList("sopInstanceUid")).contains(corrupt.sopInstanceUid());
        given().get("/api/instances/" + corrupt.sopInstanceUid() + "/overlay.png").then().statusCode(404);
    }

    @Test
    void anObjectNoModelAnalysesIsSkippedWithItsReasonWhenQueuedAndNoWorkerTouchesIt() throws Exception {
        Path dir = Files.createTempDirectory("skipped");
        SyntheticDicom capture = SyntheticDicom.ultrasound().sopClass(SyntheticDicom.SECONDARY_CAPTURE, "OT").size(64, 64);
        Tool sent = Tool.storescu(List.of("-R"), NODE_PORT, "STORESCU", "MAMMO_TEST", capture.write(dir).toString());
        assertThat(sent.ok()).as(sent.toString()).isTrue();

        AnalysisJob job = QuarkusTransaction.requiringNew().call(() -> AnalysisJob.<AnalysisJob>find("sopInstanceUid", capture.sopInstanceUid()).firstResult());
        assertThat(job).as("the job is recorded before the C-STORE is answered").isNotNull();
        assertThat(job.state).isEqualTo(JobState.SKIPPED);
        assertThat(job.error).isEqualTo("not a mammogram or breast ultrasound image (modality OT)");
        assertThat(job.finishedAt).isNotNull();
        assertThat(job.attempts).as("never claimed").isZero();
        assertThat(job.startedAt).isNull();
        assertThat(given().get("/api/jobs?state=SKIPPED").jsonPath().getList("sopInstanceUid")).contains(capture.sopInstanceUid());
    }

    @Test
    void ultrasoundIsAnalysedAndItsResultsReachOrthanc() throws Exception {
        Path dir = Files.createTempDirectory("us");
        String study = SyntheticDicom.newUid();
        SyntheticDicom single = SyntheticDicom.ultrasound().study(study).size(300, 400).phantom().ultrasoundRegion(0.01, 0.01);
        SyntheticDicom cine = SyntheticDicom.ultrasound().study(study).size(240, 320).phantom().frames(3)
                .sopClass(SyntheticDicom.US_MULTIFRAME, "US");
        List<String> files = List.of(single.write(dir).toString(), cine.write(dir).toString());
        assertThat(storescu(NODE_PORT, "MAMMO_TEST", files).exitCode()).isZero();
        assertThat(storescu(OrthancPacs.DICOM_PORT, OrthancPacs.AE_TITLE, files).exitCode()).isZero();

        JsonPath results = await(study, r -> r.getList("images.findAll { it.state == 'DONE' }").size() == 2
                && r.getList("deliveries.findAll { it.destination == 'pacs' && it.state != 'SENT' }").isEmpty()
                && !r.getList("deliveries").isEmpty());
        List<String> types = results.getList("images.results.flatten().type", String.class);
        assertThat(types).as("no Mammography CAD SR for ultrasound").doesNotContain("CAD_SR")
                .filteredOn("TID1500_SR"::equals).hasSize(2);
        assertThat(results.getString("images.find { it.sopInstanceUid == '" + cine.sopInstanceUid() + "' }.note"))
                .contains("first of its 3 frames");
        // the drawn dark oval (centre of the image) is found by the bundled ultrasound model, sized in mm
        List<Map<String, Object>> lesions = results.getList("images.find { it.sopInstanceUid == '" + single.sopInstanceUid() + "' }.lesions");
        assertThat(lesions).hasSize(1);
        assertThat(((Number) lesions.get(0).get("centroidX")).doubleValue()).isCloseTo(200, org.assertj.core.data.Offset.offset(30.0));
        assertThat(((Number) lesions.get(0).get("centroidY")).doubleValue()).isCloseTo(150, org.assertj.core.data.Offset.offset(30.0));
        double drawnMm2 = Math.PI * (400 / 6.0) * (300 / 8.0) * 0.1 * 0.1; // oval semi-axes in pixels x 0.1 mm
        assertThat(((Number) lesions.get(0).get("areaMm2")).doubleValue()).as("mm from the ultrasound region").isBetween(drawnMm2 * 0.5, drawnMm2 * 1.6);
        assertThat(types).contains("SEG");
        List<String> resultUids = results.getList("images.results.flatten().sopInstanceUid", String.class);
        List<String> inOrthanc = orthanc.instancesOfStudy(study).stream().map(i -> i.get("SOPInstanceUID").asText()).toList();
        assertThat(inOrthanc).containsAll(resultUids);
        for (String uid : resultUids) {
            Path received = Files.write(dir.resolve(uid + ".dcm"), orthanc.file(uid));
            ObjectChecks.assertValid(received);
        }
    }

    private static Tool storescu(int port, String calledAe, List<String> files) throws Exception {
        return Tool.storescu(port, "STORESCU", calledAe, files.toArray(String[]::new));
    }

    /** Polls the study's results until the condition holds (analysis and delivery run in the background). */
    private static JsonPath await(String studyUid, Predicate<JsonPath> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            var response = given().get("/api/studies/" + studyUid + "/results");
            if (response.statusCode() == 200) {
                last = response.jsonPath();
                if (condition.test(last)) return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("condition not reached for study " + studyUid + "; last: " + (last == null ? "none" : last.prettify()));
    }
}
