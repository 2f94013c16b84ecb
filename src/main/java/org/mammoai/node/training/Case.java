package org.mammoai.node.training;

import java.nio.file.Path;
import java.util.List;
import org.mammoai.node.inference.LesionClass;

/**
 * One training image: its file, the lesion outline (mask files or circles), its class, and the
 * group that must stay in one split (a patient, or a set of duplicate images).
 */
public record Case(String id, Path image, List<Path> maskFiles, List<Circle> circles, LesionClass label, String group) {

    /** A lesion circle in image pixels, origin top-left. */
    public record Circle(int x, int y, int radius) {}

    public Case withGroup(String newGroup) {
        return new Case(id, image, maskFiles, circles, label, newGroup);
    }
}
