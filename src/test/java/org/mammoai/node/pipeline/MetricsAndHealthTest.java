package org.mammoai.node.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/** What monitoring sees without signing in (per-stage analysis histograms, jobs and deliveries by state, readiness), and the per-stage times of each job. */
@QuarkusTest
class MetricsAndHealthTest {
    @Test
    void analysisStagesJobsAndDeliveriesAreExportedAndReadinessCoversModels() throws Exception {
        SyntheticDicom us = SyntheticDicom.ultrasound().size(240, 320).phantom();
        assertThat(Tool.storescu(11199, "STORESCU", "MAMMO_TEST", us.write(Files.createTempDirectory("metrics")).toString()).ok()).isTrue();
        String metrics = "";
        // "total" is recorded last of the stages
        for (int i = 0; i < 240 && !metrics.contains("mammo_analysis_stage_seconds_count{stage=\"total\"}"); i++) {
            Thread.sleep(250);
            metrics = given().auth().none().get("/q/metrics").then().statusCode(200).extract().asString();
        }
        for (String stage : new String[] {"read", "analyse", "write", "total", "decode", "preprocess", "infer", "postprocess"}) {
            assertThat(metrics).contains("mammo_analysis_stage_seconds_count{stage=\"" + stage + "\"}");
        }
        assertThat(metrics).contains("mammo_jobs{state=\"done\"}").contains("mammo_deliveries{state=\"pending\"}")
                .contains("mammo_dicom_associations_accepted_total").contains("mammo_dicom_bytes_received_total")
                .as("everything received is cataloged by now").contains("mammo_catalog_pending 0.0");

        // and in the job record, per image (may lag the histogram by the commit of the job)
        var job = given().get("/api/studies/" + us.studyUid() + "/jobs").then().statusCode(200).extract().jsonPath();
        for (int i = 0; i < 40 && job.get("[0].analyseMs") == null; i++) {
            Thread.sleep(250);
            job = given().get("/api/studies/" + us.studyUid() + "/jobs").jsonPath();
        }
        assertThat(job.getLong("[0].readMs")).isNotNegative();
        assertThat(job.getLong("[0].analyseMs")).isPositive();
        assertThat(job.getLong("[0].writeMs")).isNotNegative();
        long steps = 0;
        for (String step : new String[] {"decodeMs", "preprocessMs", "inferMs", "postprocessMs"}) {
            assertThat(job.getLong("[0]." + step)).as(step).isNotNegative();
            steps += job.getLong("[0]." + step);
        }
        assertThat(steps).as("the steps are parts of the analysis stage").isBetween(1L, job.getLong("[0].analyseMs") + 1);

        var ready = given().auth().none().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(ready.getList("checks.name")).contains("models", "spool", "Database connections health check");
        assertThat(ready.getString("checks.find { it.name == 'models' }.data.ultrasound")).startsWith("busi-ultrasound");
    }
}
