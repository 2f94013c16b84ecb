package org.mammoai.node.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command-line peer (dcmtk, dicom3tools) and keeps its exit code and combined output. */
public record Tool(int exitCode, String output) {

    public static Tool run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        return new Tool(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** storescu from the given calling AE to the given called AE on localhost, with its default proposals. */
    public static Tool storescu(int port, String callingAe, String calledAe, String... files) throws IOException, InterruptedException {
        return storescu(List.of(), port, callingAe, calledAe, files);
    }

    /** storescu with extra options, e.g. "-R" to propose only the files' own SOP classes, as a modality does. */
    public static Tool storescu(List<String> options, int port, String callingAe, String calledAe, String... files)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("storescu", "-aet", callingAe, "-aec", calledAe));
        cmd.addAll(options);
        cmd.addAll(List.of("127.0.0.1", Integer.toString(port)));
        cmd.addAll(List.of(files));
        return run(cmd.toArray(String[]::new));
    }

    public static Tool echoscu(int port, String callingAe, String calledAe) throws IOException, InterruptedException {
        return run("echoscu", "-aet", callingAe, "-aec", calledAe, "127.0.0.1", Integer.toString(port));
    }

    /** Waits until something listens on the local port (a peer process just started, e.g. storescp). */
    public static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nothing listens on port " + port);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ":\n" + output;
    }
}
