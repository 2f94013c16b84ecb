package org.mammoai.node.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Benchmark fixture: N four-view screening studies of phantom mammograms, one folder per study (named by its UID). */
public final class WriteStudies {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int studies = Integer.parseInt(args[1]);
        int rows = Integer.parseInt(args[2]);
        int columns = Integer.parseInt(args[3]);
        for (int s = 0; s < studies; s++) {
            String study = SyntheticDicom.newUid();
            Path studyDir = Files.createDirectories(dir.resolve(study));
            int v = 0;
            for (String view : new String[] {"L CC", "L MLO", "R CC", "R MLO"}) {
                String[] lv = view.split(" ");
                SyntheticDicom.mammogram(lv[0], lv[1]).study(study).size(rows, columns).phantom().seed(s * 4L + v++).write(studyDir);
            }
        }
    }
}
