package org.mammoai.node.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged node (target/quarkus-app) run as its own process over a data directory of the test's. */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    public final int httpPort;

    private NodeProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /** Starts the node and waits until it is ready. */
    public static NodeProcess start(Path home, Path dicomConfig) throws Exception {
        NodeProcess node = launch(home, dicomConfig);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!node.process.isAlive()) {
                throw new AssertionError("node exited with " + node.process.exitValue() + ":\n" + node.log());
            }
            if (node.get("/q/health/ready").statusCode() == 200) {
                return node;
            }
            Thread.sleep(200);
        }
        node.kill();
        throw new AssertionError("node not ready within 60 s:\n" + node.log());
    }

    /** Starts the node and waits for it to exit by itself; returns the exit code. */
    public static NodeProcess launch(Path home, Path dicomConfig) throws IOException {
        int httpPort = freePort();
        Path log = home.resolve("node-" + httpPort + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmammo.dicom-config=" + dicomConfig,
                "-Dmammo.spool.dir=" + home.resolve("spool"),
                "-Dmammo.results.dir=" + home.resolve("results"),
                "-Dmammo.models.dir=" + Path.of("models").toAbsolutePath(),
                "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + home.resolve("catalog") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;LOCK_TIMEOUT=10000",
                "-Dquarkus.http.port=" + httpPort,
                "-jar", System.getProperty("node.runner", "target/quarkus-app/quarkus-run.jar")));
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new NodeProcess(p, log, httpPort);
    }

    /** As the first admin, whose random password a new node prints once to its log. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10));
            String password = path.startsWith("/api/") ? adminPassword() : null; // health and metrics are open
            if (password != null) {
                request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + password).getBytes()));
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            return new FailedResponse(path);
        }
    }

    /**
     * The admin password this start printed (a start with an empty catalog makes a new admin), else the one an earlier
     * start in the same home printed.
     */
    public String adminPassword() throws IOException {
        Path home = log.getParent();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("created user 'admin' with password (\\S+) ").matcher(log());
        if (m.find()) ADMIN_PASSWORDS.put(home, m.group(1));
        return ADMIN_PASSWORDS.get(home);
    }

    private static final java.util.Map<Path, String> ADMIN_PASSWORDS = new java.util.concurrent.ConcurrentHashMap<>();

    public int waitForExit(long millis) throws InterruptedException {
        if (!process.waitFor(millis, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node did not exit:\n" + log());
        }
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILL: no shutdown hooks, as in a power cut or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record FailedResponse(String path) implements HttpResponse<String> {
        public int statusCode() { return -1; }
        public HttpRequest request() { return null; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true); }
        public String body() { return ""; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return URI.create(path); }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
