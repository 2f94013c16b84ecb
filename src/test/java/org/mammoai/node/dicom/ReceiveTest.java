package org.mammoai.node.dicom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mammoai.node.store.Catalog;
import org.mammoai.node.testing.DicomFile;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/** dcmtk's storescu sends to the running node; files and catalog rows are checked. */
@QuarkusTest
class ReceiveTest {
    static final int PORT = 11199;
    static final String AE = "MAMMO_TEST";

    Path dir;

    @BeforeEach
    void tempDir() throws Exception {
        dir = Files.createTempDirectory("receive-test");
    }

    @Test
    void fourViewMammogramArrivesWithIdenticalPixelsAndCorrectCatalogRows() throws Exception {
        String study = SyntheticDicom.newUid();
        String series = SyntheticDicom.newUid();
        String patientId = "P" + System.nanoTime();
        List<SyntheticDicom> views = List.of(
                SyntheticDicom.mammogram("R", "CC"), SyntheticDicom.mammogram("L", "CC"),
                SyntheticDicom.mammogram("R", "MLO"), SyntheticDicom.mammogram("L", "MLO"));
        String[] files = new String[4];
        for (int i = 0; i < 4; i++) {
            files[i] = views.get(i).patient(patientId, "Doe^Jane").study(study).series(series)
                    .size(300, 200).seed(i).write(dir).toString();
        }

        Tool sent = Tool.storescu(PORT, "STORESCU", AE, files);
        assertThat(sent.ok()).as(sent.toString()).isTrue();

        JsonPath s = given().get("/api/studies/" + study).then().statusCode(200).extract().jsonPath();
        assertThat(s.getString("patientId")).isEqualTo(patientId);
        assertThat(s.getString("patientName")).isEqualTo("Doe^Jane");
        assertThat(s.getString("accessionNumber")).isEqualTo("ACC1");
        assertThat(s.getLong("seriesCount")).isEqualTo(1);
        assertThat(s.getLong("instanceCount")).isEqualTo(4);
        assertThat(given().get("/api/studies/" + study + "/series").jsonPath().getString("[0].modality")).isEqualTo("MG");

        List<Map<String, Object>> instances = given().get("/api/series/" + series + "/instances").jsonPath().getList("$");
        assertThat(instances).hasSize(4);
        for (int i = 0; i < 4; i++) {
            SyntheticDicom view = views.get(i);
            Map<String, Object> row = instances.stream()
                    .filter(r -> r.get("sopInstanceUid").equals(view.sopInstanceUid())).findFirst().orElseThrow();
            Path stored = Path.of((String) row.get("filePath"));
            assertThat(row.get("callingAeTitle")).isEqualTo("STORESCU");
            assertThat(row.get("sopClassUid")).isEqualTo(SyntheticDicom.MG_FOR_PRESENTATION);
            assertThat(row.get("transferSyntaxUid")).isEqualTo("1.2.840.10008.1.2.1");
            assertThat(row.get("rows")).isEqualTo(300);
            assertThat(row.get("columns")).isEqualTo(200);
            assertThat(row.get("receivedAt")).isNotNull();
            assertThat(((Number) row.get("sizeBytes")).longValue()).isEqualTo(Files.size(stored));
            assertThat(DicomFile.pixelData(stored)).isEqualTo(DicomFile.pixelData(Path.of(files[i])));
            assertThat(row.get("imageLaterality") + "/" + row.get("viewPosition"))
                    .isEqualTo((i % 2 == 0 ? "R" : "L") + "/" + (i < 2 ? "CC" : "MLO"));
            assertThat(stored.getParent().getFileName().toString()).as("a study's images share one folder").isEqualTo(study);
            assertThat(stored.getFileName().toString()).isEqualTo(view.sopInstanceUid());
        }
    }

    @Test
    void acceptsEveryBreastImagingStorageClass() throws Exception {
        List<SyntheticDicom> images = List.of(
                SyntheticDicom.mammogram("L", "MLO").sopClass(SyntheticDicom.MG_FOR_PROCESSING, "MG"),
                SyntheticDicom.mammogram("R", "CC").sopClass(SyntheticDicom.BREAST_TOMOSYNTHESIS, "MG").frames(3),
                SyntheticDicom.ultrasound(),
                SyntheticDicom.ultrasound().sopClass(SyntheticDicom.US_MULTIFRAME, "US").frames(4),
                SyntheticDicom.ultrasound().sopClass(SyntheticDicom.SECONDARY_CAPTURE, "OT"));
        for (SyntheticDicom image : images) {
            Path file = image.write(dir);
            // -R: propose the file's own SOP class, as a modality does (storescu's default list lacks tomosynthesis)
            Tool sent = Tool.storescu(List.of("-R"), PORT, "STORESCU", AE, file.toString());
            assertThat(sent.ok()).as(sent.toString()).isTrue();
            JsonPath row = given().get("/api/instances/" + image.sopInstanceUid()).then().statusCode(200).extract().jsonPath();
            assertThat(DicomFile.pixelData(Path.of(row.getString("filePath")))).isEqualTo(DicomFile.pixelData(file));
        }
    }

    @Test
    void vendorMammogramHeadersAreReceived() throws Exception {
        // A GE Senographe-like pair, For Presentation and For Processing, with the unit's private group.
        String study = SyntheticDicom.newUid();
        SyntheticDicom presentation = SyntheticDicom.mammogram("L", "CC").study(study).vendorHeaders();
        SyntheticDicom processing = SyntheticDicom.mammogram("L", "CC").study(study).vendorHeaders()
                .sopClass(SyntheticDicom.MG_FOR_PROCESSING, "MG");
        for (SyntheticDicom image : List.of(presentation, processing)) {
            Path file = image.write(dir);
            Tool sent = Tool.storescu(PORT, "STORESCU", AE, file.toString());
            assertThat(sent.ok()).as(file + ": " + sent).isTrue();
        }
        List<String> classes = given().get("/api/studies/" + study + "/series").jsonPath().getList("seriesInstanceUid", String.class).stream()
                .flatMap(se -> given().get("/api/series/" + se + "/instances").jsonPath().getList("sopClassUid", String.class).stream())
                .toList();
        assertThat(classes).containsExactlyInAnyOrder(SyntheticDicom.MG_FOR_PRESENTATION, SyntheticDicom.MG_FOR_PROCESSING);
        String stored = given().get("/api/instances/" + processing.sopInstanceUid()).then().statusCode(200).extract().path("filePath");
        assertThat(Tool.run("dcmdump", "+P", "0045,1006", stored).output()).as("private group kept").contains("STANDARD");
    }

    @Test
    void storedCopyOfAValidVendorImagePassesDciodvfy() throws Exception {
        Path original = SyntheticDicom.mammogram("R", "MLO").vendorHeaders().write(dir);
        assertThat(errorLines(Tool.run("dciodvfy", original.toString()))).as("the fixture itself is valid").isEmpty();
        assertThat(Tool.storescu(PORT, "STORESCU", AE, original.toString()).ok()).isTrue();
        String stored = given().get("/api/instances/" + DicomFile.sopInstanceUid(original)).then().statusCode(200).extract().path("filePath");
        Tool check = Tool.run("dciodvfy", stored);
        assertThat(check.output()).contains("MammographyImageForPresentation");
        assertThat(errorLines(check)).as(check.output()).isEmpty();
    }

    private static List<String> errorLines(Tool dciodvfy) {
        return dciodvfy.output().lines().filter(l -> l.startsWith("Error")).toList();
    }

    @Test
    void resentInstanceReplacesTheEarlierOneInsteadOfDuplicating() throws Exception {
        SyntheticDicom image = SyntheticDicom.mammogram("L", "CC");
        Path file = image.write(dir);
        assertThat(Tool.storescu(PORT, "STORESCU", AE, file.toString()).ok()).isTrue();
        assertThat(Tool.storescu(PORT, "STORESCU", AE, file.toString()).ok()).isTrue();
        assertThat(given().get("/api/series/" + image.seriesUid() + "/instances").jsonPath().getList("$")).hasSize(1);
    }

    @Test
    void instanceResentWithACorrectedStudyMovesWithoutLeavingItsEarlierCopy() throws Exception {
        SyntheticDicom image = SyntheticDicom.mammogram("R", "MLO");
        assertThat(Tool.storescu(PORT, "STORESCU", AE, image.write(dir).toString()).ok()).isTrue();
        Path first = Path.of(given().get("/api/series/" + image.seriesUid() + "/instances").jsonPath().getString("[0].filePath"));
        assertThat(first).exists();

        String corrected = SyntheticDicom.newUid();
        Path again = Files.createDirectories(dir.resolve("corrected"));
        assertThat(Tool.storescu(PORT, "STORESCU", AE, image.study(corrected).write(again).toString()).ok()).isTrue();
        List<Map<String, Object>> rows = given().get("/api/series/" + image.seriesUid() + "/instances").jsonPath().getList("$");
        assertThat(rows).hasSize(1);
        Path second = Path.of((String) rows.get(0).get("filePath"));
        assertThat(second.getParent().getFileName().toString()).isEqualTo(corrected);
        assertThat(second).exists();
        assertThat(first).as("the copy under the old study is removed").doesNotExist();
    }

    @Test
    void laterImagesOfAStudyWithCorrectedPatientDataUpdateTheRows() throws Exception {
        String study = SyntheticDicom.newUid(), series = SyntheticDicom.newUid(), patientId = "P" + System.nanoTime();
        Path first = SyntheticDicom.mammogram("L", "CC").patient(patientId, "Doe^Jane").study(study).series(series).write(dir);
        Path second = SyntheticDicom.mammogram("L", "MLO").patient(patientId, "Doe^Janet").study(study).series(series).write(dir);
        Path third = SyntheticDicom.mammogram("R", "CC").patient(patientId, "Doe^Janet").study(study).series(SyntheticDicom.newUid()).write(dir);
        assertThat(Tool.storescu(PORT, "STORESCU", AE, first.toString()).ok()).isTrue();
        assertThat(given().get("/api/studies/" + study).jsonPath().getString("patientName")).isEqualTo("Doe^Jane");
        assertThat(Tool.storescu(PORT, "STORESCU", AE, second.toString(), third.toString()).ok()).isTrue();
        JsonPath s = given().get("/api/studies/" + study).then().statusCode(200).extract().jsonPath();
        assertThat(s.getString("patientName")).as("the corrected name, not the one the series was first written with").isEqualTo("Doe^Janet");
        assertThat(s.getLong("seriesCount")).as("a new series of a known study").isEqualTo(2);
        assertThat(s.getLong("instanceCount")).isEqualTo(3);
    }

    @Test
    void aSenderThatHasReleasedFindsEveryObjectCatalogedEvenWhenTheCatalogIsSlow() throws Exception {
        // objects are cataloged behind the C-STORE responses; the A-RELEASE-RP waits for them
        QuarkusMock.installMockForType(new Catalog() {
            @Override
            public Recorded record(Received r) {
                slowly();
                return super.record(r);
            }

            @Override
            public List<Recorded> recordAll(List<Received> batch) {
                slowly();
                return super.recordAll(batch);
            }

            private void slowly() {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, Catalog.class);
        String study = SyntheticDicom.newUid();
        List<SyntheticDicom> images = List.of(SyntheticDicom.mammogram("L", "CC").study(study), SyntheticDicom.mammogram("R", "CC").study(study),
                SyntheticDicom.mammogram("L", "MLO").study(study));
        List<String> files = new java.util.ArrayList<>();
        for (SyntheticDicom image : images) files.add(image.write(dir).toString());
        assertThat(Tool.storescu(PORT, "STORESCU", AE, files.toArray(String[]::new)).ok()).isTrue();
        for (SyntheticDicom image : images) given().get("/api/instances/" + image.sopInstanceUid()).then().statusCode(200);
    }

    @Test
    void overLongValuesAreCatalogedCutToTheirColumnsAndTheFileKeepsThem() throws Exception {
        String description = "D".repeat(300); // LO allows 64: a sloppy modality's value must not stop an acknowledged image
        SyntheticDicom image = SyntheticDicom.mammogram("L", "MLO").with(TagFromName.StudyDescription, description);
        Path file = image.write(dir);
        assertThat(Tool.storescu(PORT, "STORESCU", AE, file.toString()).ok()).isTrue();
        assertThat(given().get("/api/studies/" + image.studyUid()).then().statusCode(200).extract().jsonPath().getString("description"))
                .isEqualTo("D".repeat(128));
        String stored = given().get("/api/instances/" + image.sopInstanceUid()).then().statusCode(200).extract().path("filePath");
        assertThat(Tool.run("dcmdump", "+L", "+P", "StudyDescription", stored).output()).contains(description);
    }

    @Test
    void unsupportedSopClassIsNotAccepted() throws Exception {
        SyntheticDicom ct = SyntheticDicom.mammogram("L", "CC").sopClass(SyntheticDicom.CT_IMAGE, "CT");
        Tool sent = Tool.storescu(PORT, "STORESCU", AE, ct.write(dir).toString());
        assertThat(sent.ok()).isFalse();
        assertThat(sent.output()).containsIgnoringCase("no presentation context");
        given().get("/api/instances/" + ct.sopInstanceUid()).then().statusCode(404);
    }

    @Test
    void metricsCountInstancesAndBytes() throws Exception {
        Path file = SyntheticDicom.mammogram("R", "MLO").write(dir);
        double before = metric("mammo_dicom_instances_received_total");
        double bytesBefore = metric("mammo_dicom_bytes_received_total");
        double timedBefore = metric("mammo_dicom_store_time_seconds_count");
        double secondsBefore = metric("mammo_dicom_store_time_seconds_sum");
        assertThat(Tool.storescu(PORT, "STORESCU", AE, file.toString()).ok()).isTrue();
        assertThat(metric("mammo_dicom_instances_received_total")).isEqualTo(before + 1);
        assertThat(metric("mammo_dicom_bytes_received_total")).isGreaterThan(bytesBefore + Files.size(file) / 2.0);
        // the wait for the response is timed once per object, and storing (an fsync at least) takes some time
        assertThat(metric("mammo_dicom_store_time_seconds_count")).isEqualTo(timedBefore + 1);
        assertThat(metric("mammo_dicom_store_time_seconds_sum")).isGreaterThan(secondsBefore);
    }

    @Test
    void healthReportsTheScpUp() {
        given().get("/q/health/ready").then().statusCode(200);
        assertThat(given().get("/q/health/ready").jsonPath().getList("checks.name")).contains("dicom-scp", "spool");
    }

    static double metric(String name) {
        return metric(name, "");
    }

    static double metric(String name, String labels) {
        String text = given().get("/q/metrics").asString();
        return text.lines().filter(l -> l.startsWith(name + (labels.isEmpty() ? " " : "{")) && l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
