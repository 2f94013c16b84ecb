package org.mammoai.node.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Benchmark fixture: writes N synthetic mammograms (rows x columns, 16 bit) into a folder. */
public final class WriteMammograms {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int count = Integer.parseInt(args[1]);
        int rows = Integer.parseInt(args[2]);
        int columns = Integer.parseInt(args[3]);
        String study = SyntheticDicom.newUid();
        for (int i = 0; i < count; i++) {
            SyntheticDicom.mammogram(i % 2 == 0 ? "L" : "R", i % 4 < 2 ? "CC" : "MLO")
                    .study(study).size(rows, columns).seed(i).write(dir);
        }
    }
}
