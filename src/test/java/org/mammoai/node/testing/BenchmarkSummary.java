package org.mammoai.node.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Keeps native/benchmarks/results/summary.json: each benchmark script sets its own figures (key=number) and the
 * date; the others' stay as they were.
 */
public final class BenchmarkSummary {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode summary = Files.exists(file) ? (ObjectNode) json.readTree(file.toFile()) : json.createObjectNode();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            summary.put(kv[0], Double.parseDouble(kv[1]));
        }
        summary.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        Files.createDirectories(file.toAbsolutePath().getParent());
        json.writeValue(file.toFile(), summary);
    }
}
