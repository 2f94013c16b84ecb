package org.mammoai.node.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.mammoai.node.inference.LesionClass;

/**
 * A fixed train/val/test assignment by group (patient or duplicate set), stratified by class and
 * drawn with a seed; stored as CSV next to the model so it never changes under us.
 */
public final class Split {
    public enum Part { TRAIN, VAL, TEST }

    private final Map<String, Part> byCaseId;

    private Split(Map<String, Part> byCaseId) {
        this.byCaseId = byCaseId;
    }

    public static Split draw(List<Case> cases, long seed, double valFraction, double testFraction) {
        Map<String, List<Case>> groups = new TreeMap<>();
        for (Case c : cases) groups.computeIfAbsent(c.group(), k -> new ArrayList<>()).add(c);
        Map<LesionClass, List<String>> groupsByClass = new TreeMap<>();
        for (var g : groups.entrySet()) {
            LesionClass worst = g.getValue().stream().map(Case::label).max(Enum::compareTo).orElseThrow();
            groupsByClass.computeIfAbsent(worst, k -> new ArrayList<>()).add(g.getKey());
        }
        Random random = new Random(seed);
        Map<String, Part> assignment = new LinkedHashMap<>();
        for (List<String> ids : groupsByClass.values()) {
            Collections.shuffle(ids, random);
            int test = (int) Math.round(ids.size() * testFraction);
            int val = (int) Math.round(ids.size() * valFraction);
            for (int i = 0; i < ids.size(); i++) {
                Part part = i < test ? Part.TEST : i < test + val ? Part.VAL : Part.TRAIN;
                for (Case c : groups.get(ids.get(i))) assignment.put(c.id(), part);
            }
        }
        return new Split(assignment);
    }

    /** Reads a committed split, or draws one and writes it if there is none yet. */
    public static Split loadOrDraw(Path csv, List<Case> cases, long seed) throws IOException {
        return loadOrDraw(csv, cases, seed, java.util.Set.of());
    }

    /** As {@link #loadOrDraw(Path, List, long)}, with a dataset's official test cases kept as the test set. */
    public static Split loadOrDraw(Path csv, List<Case> cases, long seed, java.util.Set<String> officialTest) throws IOException {
        if (Files.exists(csv)) {
            Map<String, Part> parts = new HashMap<>();
            for (String line : Files.readAllLines(csv)) {
                if (line.startsWith("id,")) continue;
                String[] f = line.split(",");
                parts.put(f[0], Part.valueOf(f[f.length - 1].toUpperCase()));
            }
            for (Case c : cases) {
                if (!parts.containsKey(c.id())) throw new IOException(csv + " has no entry for " + c.id() + "; the data changed");
            }
            return new Split(parts);
        }
        Split split;
        if (officialTest.isEmpty()) {
            split = draw(cases, seed, 0.15, 0.15);
        } else { // validation drawn by patient from the official training part
            Split rest = draw(cases.stream().filter(c -> !officialTest.contains(c.id())).toList(), seed, 0.15, 0);
            Map<String, Part> parts = new LinkedHashMap<>(rest.byCaseId);
            for (String id : officialTest) parts.put(id, Part.TEST);
            split = new Split(parts);
        }
        List<String> lines = new ArrayList<>(List.of("id,label,group,split"));
        for (Case c : cases) lines.add(c.id() + "," + c.label().name().toLowerCase() + "," + c.group() + "," + split.part(c).name().toLowerCase());
        Files.createDirectories(csv.getParent());
        Files.write(csv, lines);
        return split;
    }

    public Part part(Case c) {
        Part p = byCaseId.get(c.id());
        if (p == null) throw new IllegalArgumentException("no split for " + c.id());
        return p;
    }

    public List<Case> select(List<Case> cases, Part part) {
        return cases.stream().filter(c -> part(c) == part).toList();
    }
}
