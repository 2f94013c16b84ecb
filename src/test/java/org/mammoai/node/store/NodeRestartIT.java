package org.mammoai.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mammoai.node.testing.NodeProcess;
import org.mammoai.node.testing.DicomFile;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/** The packaged node, killed and started again: what it acknowledged is still there. */
class NodeRestartIT {
    static final int PORT = 11198;

    @TempDir
    Path home;

    @Test
    void catalogAndSpoolSurviveAKillAndRestart() throws Exception {
        Path config = writeConfig("RESTART_AE", PORT);
        SyntheticDicom cc = SyntheticDicom.mammogram("R", "CC");
        SyntheticDicom mlo = SyntheticDicom.mammogram("R", "MLO").study(cc.studyUid()).series(cc.seriesUid());
        Path ccFile = cc.size(400, 300).write(home);
        Path mloFile = mlo.size(400, 300).write(home);

        try (NodeProcess node = NodeProcess.start(home, config)) {
            Tool sent = Tool.storescu(PORT, "STORESCU", "RESTART_AE", ccFile.toString(), mloFile.toString());
            assertThat(sent.ok()).as(sent.toString()).isTrue();
            // issue 12: the first start creates 'admin' with a random password, printed once; the API wants it
            assertThat(node.adminPassword()).hasSizeGreaterThanOrEqualTo(20);
            java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create("http://127.0.0.1:" + node.httpPort + "/api/studies")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            node.kill(); // no orderly shutdown: acknowledged means on disk and committed
        }
        // what a transfer cut off by the crash would have left behind
        Path partial = Files.createDirectories(home.resolve("spool/incoming/cut-association")).resolve("partial.tmp");
        Files.write(partial, new byte[1000]);

        try (NodeProcess node = NodeProcess.start(home, config)) {
            String study = node.get("/api/studies/" + cc.studyUid()).body();
            assertThat(study).contains("\"instanceCount\":2");
            for (SyntheticDicom image : new SyntheticDicom[] {cc, mlo}) {
                var response = node.get("/api/instances/" + image.sopInstanceUid());
                assertThat(response.statusCode()).isEqualTo(200);
                String path = response.body().replaceAll(".*\"filePath\":\"([^\"]+)\".*", "$1");
                Path original = image == cc ? ccFile : mloFile;
                assertThat(DicomFile.pixelData(Path.of(path))).isEqualTo(DicomFile.pixelData(original));
            }
            assertThat(partial).doesNotExist();
            // analysis queued or running at the kill resumes: both images end DONE, each once
            String jobs = awaitBody(node, "/api/studies/" + cc.studyUid() + "/jobs", b -> !b.contains("QUEUED") && !b.contains("RUNNING"));
            assertThat(jobs.split("\"state\":\"DONE\"", -1)).hasSize(3);
            assertThat(node.log()).contains("incomplete transfer(s) interrupted by the last stop")
                    .as("the password is printed on the first start only").doesNotContain("created user 'admin'");
            // and it keeps receiving
            Path third = SyntheticDicom.mammogram("L", "CC").study(cc.studyUid()).write(home);
            assertThat(Tool.storescu(PORT, "STORESCU", "RESTART_AE", third.toString()).ok()).isTrue();
            assertThat(node.get("/api/studies/" + cc.studyUid()).body()).contains("\"instanceCount\":3");
        }
    }

    private static String awaitBody(NodeProcess node, String path, java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String body = "";
        while (System.currentTimeMillis() < deadline) {
            var response = node.get(path);
            body = response.body();
            if (response.statusCode() == 200 && done.test(body)) return body;
            Thread.sleep(250);
        }
        throw new AssertionError("not reached for " + path + ": " + body);
    }

    @Test
    void lostCatalogIsRebuiltFromTheSpool() throws Exception {
        Path config = writeConfig("RESTART_AE", PORT);
        SyntheticDicom image = SyntheticDicom.mammogram("L", "MLO");
        Path file = image.write(home);
        try (NodeProcess node = NodeProcess.start(home, config)) {
            assertThat(Tool.storescu(PORT, "STORESCU", "RESTART_AE", file.toString()).ok()).isTrue();
            node.kill();
        }
        try (var dbFiles = Files.list(home)) { // the embedded database is gone, e.g. power cut before it flushed
            for (Path db : dbFiles.filter(p -> p.getFileName().toString().startsWith("catalog")).toList()) {
                Files.delete(db);
            }
        }
        try (NodeProcess node = NodeProcess.start(home, config)) {
            String row = node.get("/api/instances/" + image.sopInstanceUid()).body();
            assertThat(row).contains("\"callingAeTitle\":\"STORESCU\"").contains("\"viewPosition\":\"MLO\"");
            assertThat(node.log()).contains("Cataloged 1 spool file(s) the catalog had lost");
        }
    }

    @Test
    void badConfigurationStopsTheNodeWithAClearMessage() throws Exception {
        Path config = writeConfig("THIS_AE_TITLE_IS_TOO_LONG", PORT + 1);
        NodeProcess node = NodeProcess.launch(home, config);
        assertThat(node.waitForExit(60_000)).isNotZero();
        assertThat(node.log()).contains("Invalid DICOM configuration").contains("local.aeTitle")
                .contains("longer than 16 characters");
    }

    @Test
    void patientIdentifiersStayOutOfTheInfoLog() throws Exception {
        Path config = writeConfig("PHI_AE", PORT + 2);
        SyntheticDicom image = SyntheticDicom.mammogram("L", "CC").patient("PHI-ID-4711", "Secret^Name");
        Path file = image.write(home);
        try (NodeProcess node = NodeProcess.start(home, config)) {
            assertThat(Tool.storescu(PORT + 2, "STORESCU", "PHI_AE", file.toString()).ok()).isTrue();
            SyntheticDicom bad = SyntheticDicom.mammogram("L", "CC").patient("PHI-ID-4712", "Other^Secret").withoutStudyUid();
            assertThat(Tool.storescu(PORT + 2, "STORESCU", "PHI_AE", bad.write(home).toString()).ok()).isFalse();
            assertThat(node.log()).doesNotContain("PHI-ID-47").doesNotContain("Secret");
        }
    }

    private Path writeConfig(String aeTitle, int port) throws Exception {
        return Files.writeString(home.resolve("node-" + port + ".yaml"), """
                local:
                  aeTitle: %s
                  bindAddress: 127.0.0.1
                  port: %d
                allowedCallingAeTitles: [STORESCU]
                """.formatted(aeTitle, port));
    }
}
