package org.mammoai.node.config;



import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.ApiCredentials;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/**
 * Hospital IT changes the AE configuration over the API without a restart: a new destination is used for the
 * next results, an invalid one is refused with the loader's message and nothing saved, the allowed callers and
 * the listening port take effect for new associations, the file is rewritten with a backup, and it is audited.
 */
@QuarkusTest
class ConfigurationApiTest {
    static final int STORESCP_PORT = 11271;
    static final int MOVED_PORT = 11272;

    @Inject
    NodeConfigStore store;
    Device original;

    @BeforeEach
    void remember() {
        original = store.current();
    }

    @AfterEach
    void restore() {
        store.replace(original);
    }

    @Test
    void aNewDestinationGetsTheNextResultsAndABadOneIsRefusedWithTheReason() throws Exception {
        String before = Files.readString(store.file());
        var refused = given().contentType("application/json")
                .body(Map.of("aeTitle", "NEW_PACS", "host", "127.0.0.1", "port", 70000, "results", List.of("TID1500_SR")))
                .put("/api/configuration/destinations/newpacs").then().statusCode(400).extract().jsonPath();
        assertThat(refused.getString("error")).contains("destinations[2].port 70000 is not a TCP port (1-65535)");
        assertThat(Files.readString(store.file())).as("nothing saved").isEqualTo(before);

        Path received = Files.createTempDirectory("storescp");
        Process storescp = new ProcessBuilder("storescp", "-aet", "NEW_PACS", "-od", received.toString(), Integer.toString(STORESCP_PORT))
                .redirectErrorStream(true).redirectOutput(received.resolveSibling(received.getFileName() + ".log").toFile()).start();
        try {
            Tool.awaitPort(STORESCP_PORT);
            given().contentType("application/json")
                    .body(Map.of("aeTitle", "NEW_PACS", "host", "127.0.0.1", "port", STORESCP_PORT, "results", List.of("TID1500_SR")))
                    .put("/api/configuration/destinations/newpacs").then().statusCode(200);
            assertThat(Files.readString(store.file())).contains("NEW_PACS");
            assertThat(Files.readString(store.file().resolveSibling(store.file().getFileName() + ".bak"))).isEqualTo(before);
            assertThat(given().post("/api/configuration/destinations/newpacs/echo").jsonPath().getBoolean("answered")).isTrue();

            SyntheticDicom us = SyntheticDicom.ultrasound().size(240, 320).phantom();
            assertThat(Tool.storescu(11199, "STORESCU", "MAMMO_TEST", us.write(Files.createTempDirectory("us")).toString()).ok()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String report = null; // other tests' studies finishing now may be sent there too: look for this one's
            while (System.nanoTime() < deadline && report == null) {
                for (Path f : listFiles(received)) {
                    String dump = Tool.run("dcmdump", f.toString()).output();
                    if (dump.contains(us.studyUid())) report = dump;
                }
                if (report == null) Thread.sleep(250);
            }
            assertThat(report).as("the new destination received the study's measurement report").isNotNull()
                    .contains("Imaging Measurement Report");
        } finally {
            storescp.destroy();
        }
        given().delete("/api/configuration/destinations/newpacs").then().statusCode(200);
        given().delete("/api/configuration/destinations/newpacs").then().statusCode(404);
        assertThat(given().get("/api/audit").jsonPath().getList("action")).contains("configuration.destination", "configuration.destination.remove");
        assertThat(given().get("/api/configuration").asString()).doesNotContain("Password");
    }

    @Test
    void callersAndThePortTakeEffectForNewAssociations() throws Exception {
        assertThat(Tool.echoscu(11199, "ECHOSCU", "MAMMO_TEST").ok()).isTrue();
        given().contentType("application/json").body(List.of("STORESCU", "TESTSCU")).put("/api/configuration/allowed-calling-ae-titles")
                .then().statusCode(200);
        Tool refused = Tool.echoscu(11199, "ECHOSCU", "MAMMO_TEST");
        assertThat(refused.ok()).isFalse();
        assertThat(refused.output()).contains("Calling AE Title Not Recognized");
        given().contentType("application/json").body(List.of()).put("/api/configuration/allowed-calling-ae-titles")
                .then().statusCode(400);

        given().contentType("application/json").body(Map.of("port", MOVED_PORT)).put("/api/configuration/local").then().statusCode(200);
        assertThat(Tool.echoscu(MOVED_PORT, "STORESCU", "MAMMO_TEST").ok()).as("listening on the new port").isTrue();
        assertThat(Tool.echoscu(11199, "STORESCU", "MAMMO_TEST").ok()).as("not on the old one").isFalse();
        given().contentType("application/json").body(Map.of("port", 11199)).put("/api/configuration/local").then().statusCode(200);
        assertThat(Tool.echoscu(11199, "STORESCU", "MAMMO_TEST").ok()).isTrue();
    }

    @Test
    void aViewerCannotChangeTheConfiguration() {
        ApiCredentials.asViewer().contentType("application/json").body(List.of("X")).put("/api/configuration/allowed-calling-ae-titles")
                .then().statusCode(403);
        ApiCredentials.asViewer().get("/api/configuration").then().statusCode(200);
    }

    private static List<Path> listFiles(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
