package org.mammoai.node.pipeline;

import java.util.HashSet;
import java.util.Set;

/** The screening mammography set: left and right breast, each craniocaudal and mediolateral oblique. */
final class ExpectedViews {
    static final Set<String> SCREENING = Set.of("L CC", "L MLO", "R CC", "R MLO");

    private ExpectedViews() {}

    /** "L CC" style key, or null when laterality or view is missing or not one of the four (e.g. a spot view). */
    static String key(String laterality, String viewPosition) {
        if (laterality == null || viewPosition == null) return null;
        String side = laterality.strip().toUpperCase();
        String view = viewPosition.strip().toUpperCase();
        if (!side.equals("L") && !side.equals("R")) return null;
        if (view.equals("CC")) return side + " CC";
        if (view.equals("MLO")) return side + " MLO";
        return null;
    }

    static boolean complete(Iterable<String> keys) {
        Set<String> seen = new HashSet<>();
        keys.forEach(seen::add);
        return seen.containsAll(SCREENING);
    }
}
