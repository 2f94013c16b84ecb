package org.mammoai.node.dicom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mammoai.node.dicom.ReceiveTest.AE;
import static org.mammoai.node.dicom.ReceiveTest.PORT;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mammoai.node.store.Spool;
import org.mammoai.node.testing.Fuzzer;
import org.mammoai.node.testing.RawAssociation;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/**
 * Issue 10: a hostile or broken peer, fuzzed. Cases in four families (raw bytes, A-ASSOCIATE-RQ, P-DATA-TF, data
 * set mutations), and after every batch: the node answers C-ECHO, nothing outside the data folder changed, every
 * object that got Success is whole (read to its end by PixelMed and by dcmtk, pixels as long as the header says),
 * threads and file descriptors back near their baseline. -Dfuzz.cases=N -Dfuzz.seed=S -Dfuzz.results=FILE
 * (native/fuzz.sh runs thousands); the figures go to the results file.
 */
@QuarkusTest
class FuzzTest {
    private static final int BATCH = 25;
    private static final int THREAD_SLACK = 8, FD_SLACK = 16;
    private static final String MG = SyntheticDicom.MG_FOR_PRESENTATION;

    @Inject
    Spool spool;

    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> successes = new ArrayList<>();

    @Test
    void hostilePeersNeverBreakTheNodeNorGetSuccessForACorruptObject() throws Exception {
        int cases = Integer.getInteger("fuzz.cases", 300);
        long seed = Long.getLong("fuzz.seed", 20261124L);
        Path results = Path.of(System.getProperty("fuzz.results", "target/fuzz-results.md"));
        Fuzzer fuzzer = new Fuzzer(seed);
        Path dir = Files.createTempDirectory("fuzz");
        Path outside = Files.createTempDirectory("fuzz-outside");
        Path victim = Files.writeString(outside.resolve("keep.txt"), "keep me");
        Path workingDir = Path.of("").toAbsolutePath(); // the data folder lives under it (target/test-data)
        List<Path> topLevel = entries(workingDir);
        long t0 = System.nanoTime();

        runBatch(fuzzer, dir, outside, Math.min(BATCH, cases)); // warm-up: pools reach their working size
        long[] baseline = quiescentCounts(new long[] {Long.MAX_VALUE, Long.MAX_VALUE});
        int batches = 1;
        for (int done = BATCH; done < cases; done += BATCH, batches++) {
            runBatch(fuzzer, dir, outside, Math.min(BATCH, cases - done));
            assertThat(Tool.echoscu(PORT, "ECHOSCU", AE).ok()).as("C-ECHO after batch " + batches).isTrue();
            assertThat(Files.readString(victim)).isEqualTo("keep me");
            try (Stream<Path> left = Files.list(outside)) {
                assertThat(left.toList()).containsExactly(victim);
            }
            assertThat(entries(workingDir)).as("nothing new beside the data folder").isEqualTo(topLevel);
            long[] now = quiescentCounts(baseline);
            assertThat(now[0]).as("threads (baseline " + baseline[0] + ")").isLessThanOrEqualTo(baseline[0] + THREAD_SLACK);
            assertThat(now[1]).as("file descriptors (baseline " + baseline[1] + ")").isLessThanOrEqualTo(baseline[1] + FD_SLACK);
        }
        for (String uid : successes) assertWhole(uid);
        write(results, cases, seed, batches, (System.nanoTime() - t0) / 1e9, baseline);
    }

    private void runBatch(Fuzzer f, Path dir, Path outside, int n) throws Exception {
        for (int k = 0; k < n; k++) {
            switch (f.random().nextInt(4)) {
                case 0 -> count("raw bytes", firstAnswer(RawAssociation.exchange(PORT, f.rawBytes())));
                case 1 -> {
                    byte[] rq = RawAssociation.associateRequest("STORESCU", AE, RawAssociation.APPLICATION_CONTEXT, MG, RawAssociation.EXPLICIT_LITTLE);
                    count("A-ASSOCIATE-RQ", firstAnswer(RawAssociation.exchange(PORT, f.mutate(rq, 0))));
                }
                case 2 -> {
                    try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, MG, RawAssociation.EXPLICIT_LITTLE)) {
                        a.write(f.damagedPData(f.rawBytes()));
                        count("P-DATA-TF", firstAnswer(a.finish(64)));
                    }
                }
                default -> dataSetCase(f, dir, outside);
            }
        }
    }

    /** A mutated data set in a C-STORE; one in ten also with a hostile request UID (a path, or too long). */
    private void dataSetCase(Fuzzer f, Path dir, Path outside) throws Exception {
        SyntheticDicom object = SyntheticDicom.mammogram(f.random().nextBoolean() ? "L" : "R", "CC").size(32 + f.random().nextInt(32), 32);
        byte[] data = f.mutate(RawAssociation.dataSetOf(object.write(dir)), 0);
        String requestUid = switch (f.random().nextInt(10)) {
            case 0 -> spool.root().resolve("incoming/x").relativize(outside.resolve("keep.txt")).toString();
            case 1 -> object.sopInstanceUid() + ".1234567890123456789012345678901234567890";
            default -> object.sopInstanceUid();
        };
        int status;
        try (RawAssociation a = RawAssociation.open(PORT, "STORESCU", AE, MG, RawAssociation.EXPLICIT_LITTLE)) {
            status = a.store(MG, requestUid, data);
            if (status != RawAssociation.NO_RESPONSE) a.release();
        }
        if (status == 0) successes.add(object.sopInstanceUid());
        count("data set", status == RawAssociation.NO_RESPONSE ? "no response (aborted)" : status == 0 ? "Success" : String.format("status 0x%04X", status));
    }

    /** What got Success is in the catalog and whole: read to its end by PixelMed and dcmtk, pixels as declared. */
    private static void assertWhole(String uid) throws Exception {
        String file = given().get("/api/instances/" + uid).then().statusCode(200).extract().path("filePath");
        Tool dump = Tool.run("dcmdump", "-q", file);
        assertThat(dump.ok() && !dump.output().contains("E: ")).as("dcmdump " + uid + ": " + dump).isTrue();
        AttributeList list = new AttributeList();
        list.read(file);
        long expected = (long) Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0)
                * Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0)
                * Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0) / 8;
        assertThat(list.get(TagFromName.PixelData).getVL()).as("Pixel Data of " + uid).isEqualTo(expected + (expected & 1));
    }

    private static String firstAnswer(byte[] answer) {
        if (answer.length == 0) return "closed without a PDU";
        return switch (answer[0]) {
            case 0x02 -> "A-ASSOCIATE-AC";
            case 0x03 -> "A-ASSOCIATE-RJ";
            case 0x04 -> "P-DATA-TF";
            case 0x06 -> "A-RELEASE-RP";
            case 0x07 -> "A-ABORT";
            default -> "other bytes";
        };
    }

    private void count(String family, String outcome) {
        outcomes.merge(family + " | " + outcome, 1, Integer::sum);
    }

    /** {threads, open file descriptors} once associations have ended: polled until at or below the reference, 15 s at most. */
    private static long[] quiescentCounts(long[] reference) throws Exception {
        long[] now = counts();
        for (int i = 0; i < 75 && (now[0] > reference[0] + THREAD_SLACK || now[1] > reference[1] + FD_SLACK || reference[0] == Long.MAX_VALUE && i < 10); i++) {
            Thread.sleep(200);
            now = counts();
        }
        return now;
    }

    private static long[] counts() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return new long[] {ManagementFactory.getThreadMXBean().getThreadCount(), fds.count()};
        }
    }

    private static List<Path> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private void write(Path results, int cases, long seed, int batches, double seconds, long[] baseline) throws Exception {
        StringBuilder md = new StringBuilder("# Fuzzing the DICOM listener (" + Instant.now().toString().substring(0, 10) + ")\n\n");
        md.append(String.format("%d cases, seed %d, %d batches of up to %d, %.0f s. After every batch all held: C-ECHO answered, "
                + "nothing outside the data folder touched, thread and descriptor counts within %d and %d of the baseline "
                + "(%d threads, %d descriptors). All %d objects that got Success were whole (dcmdump, PixelMed, pixel length).%n%n",
                cases, seed, batches, BATCH, seconds, THREAD_SLACK, FD_SLACK, baseline[0], baseline[1], successes.size()));
        md.append("| family | node's answer | cases |\n|---|---|---|\n");
        outcomes.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, md);
    }
}
