package org.mammoai.node.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mammoai.node.inference.LesionClass;

/**
 * mini-MIAS (1024x1024 PNGs and Info.txt). Lesion circles become masks; Info.txt counts y from the
 * bottom, so y_image = 1024 - y. Films come in left/right pairs of one patient (mdb001+002, ...),
 * which is the split group. Abnormal films without coordinates (widely distributed calcifications)
 * have no usable mask and are left out.
 */
public final class MiasDataset {
    static final int SIDE = 1024;

    public record Loaded(List<Case> cases, int films, int withoutCoordinates) {}

    private MiasDataset() {}

    public static Loaded load(Path miasDir) throws IOException {
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(miasDir.resolve("Info.txt"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].matches("mdb\\d{3}")) rows.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
        }
        List<Case> cases = new ArrayList<>();
        int withoutCoordinates = 0;
        for (var e : rows.entrySet()) {
            String ref = e.getKey();
            LesionClass label = LesionClass.NORMAL;
            List<Case.Circle> circles = new ArrayList<>();
            boolean missing = false;
            for (String[] f : e.getValue()) {
                if (f[2].equals("NORM")) continue;
                LesionClass severity = f.length > 3 && f[3].equals("M") ? LesionClass.MALIGNANT : LesionClass.BENIGN;
                if (severity == LesionClass.MALIGNANT || label == LesionClass.NORMAL) label = severity;
                if (f.length >= 7) {
                    circles.add(new Case.Circle(Integer.parseInt(f[4]), SIDE - Integer.parseInt(f[5]), Integer.parseInt(f[6])));
                } else {
                    missing = true;
                }
            }
            if (missing) {
                withoutCoordinates++;
                continue;
            }
            int number = Integer.parseInt(ref.substring(3));
            String patient = "patient" + ((number + 1) / 2);
            cases.add(new Case(ref, miasDir.resolve(ref + ".png"), List.of(), List.copyOf(circles), label, patient));
        }
        return new Loaded(cases, rows.size(), withoutCoordinates);
    }
}
