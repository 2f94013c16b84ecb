package org.mammoai.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Orthanc (Debian package) on loopback, as the PACS our results go to: AE ORTHANC_TEST on
 * port 11242 (test-node.yaml's "pacs" destination), REST on 18042. Its storage outlives stop/start.
 */
public final class OrthancPacs implements AutoCloseable {
    public static final String AE_TITLE = "ORTHANC_TEST";
    public static final int DICOM_PORT = 11242;
    public static final int HTTP_PORT = 18042;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private OrthancPacs(Path dir) {
        this.dir = dir;
    }

    public static OrthancPacs start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("orthanc");
        Files.writeString(dir.resolve("orthanc.json"), JSON.writeValueAsString(Map.of(
                "Name", "mammo-test-pacs",
                "StorageDirectory", dir.resolve("db").toString(),
                "IndexDirectory", dir.resolve("db").toString(),
                "DicomAet", AE_TITLE,
                "DicomPort", DICOM_PORT,
                "HttpPort", HTTP_PORT,
                "RemoteAccessAllowed", false,
                "AuthenticationEnabled", false,
                "DicomCheckCalledAet", true,
                "Plugins", List.of())));
        OrthancPacs pacs = new OrthancPacs(dir);
        pacs.startProcess();
        return pacs;
    }

    public void startProcess() throws IOException, InterruptedException {
        String binary = Files.isExecutable(Path.of("/usr/sbin/Orthanc")) ? "/usr/sbin/Orthanc" : "Orthanc";
        process = new ProcessBuilder(binary, dir.resolve("orthanc.json").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("orthanc.log").toFile())).start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("Orthanc exited; see " + dir.resolve("orthanc.log"));
            try {
                if (get("/system").has("Version")) return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Orthanc did not start in 30 s; see " + dir.resolve("orthanc.log"));
    }

    public void stopProcess() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    /** The instances Orthanc holds for a study, each with its tags simplified (name -> value). */
    public List<JsonNode> instancesOfStudy(String studyUid) throws IOException, InterruptedException {
        JsonNode found = post("/tools/find", JSON.writeValueAsString(Map.of(
                "Level", "Instance", "Query", Map.of("StudyInstanceUID", studyUid), "Expand", false)));
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode id : found) out.add(get("/instances/" + id.asText() + "/simplified-tags"));
        return out;
    }

    /** The object as Orthanc stores it (what a viewer would get). */
    public byte[] file(String sopInstanceUid) throws IOException, InterruptedException {
        JsonNode found = post("/tools/find", JSON.writeValueAsString(Map.of(
                "Level", "Instance", "Query", Map.of("SOPInstanceUID", sopInstanceUid))));
        return send(request("/instances/" + found.get(0).asText() + "/file").build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** Once more on an I/O error: Orthanc may close a kept-alive connection just as the client reuses it. */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        try {
            return http.send(request, body);
        } catch (IOException closedUnderUs) {
            return http.send(request, body);
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(send(request(path).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode post(String path, String body) throws IOException, InterruptedException {
        return JSON.readTree(send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + path)).timeout(Duration.ofSeconds(20));
    }

    @Override
    public void close() throws InterruptedException {
        stopProcess();
    }
}
