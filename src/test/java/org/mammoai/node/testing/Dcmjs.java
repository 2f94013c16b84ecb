package org.mammoai.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What dcmjs, the DICOM toolkit OHIF uses, reads from a TID 1500 SR and its SEG (src/test/js/dcmjs-check.mjs,
 * installed by native/setup.sh): {"lesions": [...measurement groups], "segments": [...with their pixel counts]}.
 */
public final class Dcmjs {
    private static final Path SCRIPT = Path.of("src/test/js/dcmjs-check.mjs");

    private Dcmjs() {}

    public static JsonNode read(Path measurementReport, Path segmentation) throws Exception {
        if (!Files.isDirectory(SCRIPT.resolveSibling("node_modules/dcmjs"))) {
            throw new AssertionError("dcmjs is not installed in src/test/js: run bash native/setup.sh");
        }
        Tool run = segmentation == null ? Tool.run("node", SCRIPT.toString(), measurementReport.toString())
                : Tool.run("node", SCRIPT.toString(), measurementReport.toString(), segmentation.toString());
        if (!run.ok()) throw new AssertionError("dcmjs could not read " + measurementReport + ": " + run);
        String json = run.output().lines().filter(l -> l.startsWith("{\"lesions\"")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no result from dcmjs: " + run));
        return new ObjectMapper().readTree(json);
    }
}
