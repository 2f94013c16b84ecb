package org.mammoai.node.training;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.mammoai.node.inference.LesionClass;

/**
 * BUSI (busi/<class>/<name>.png with <name>_mask*.png). Duplicate images are grouped so they land in
 * one split: identical pixels, or a 64-bit difference hash within {@link #NEAR_DUPLICATE_BITS}.
 * Groups whose copies carry different classes are dropped as ambiguous.
 */
public final class BusiDataset {
    static final int NEAR_DUPLICATE_BITS = 3;

    public record Loaded(List<Case> cases, int images, int duplicateImages, int ambiguousDropped) {}

    /** Lesion images whose mask files are all empty: nothing to learn the outline from. */
    public static List<Case> withEmptyMasks(List<Case> cases) throws IOException {
        List<Case> empty = new ArrayList<>();
        for (Case c : cases) {
            if (c.label() == LesionClass.NORMAL) continue;
            Mat gray = ImageFiles.readGray(c.image());
            if (org.bytedeco.opencv.global.opencv_core.countNonZero(ImageFiles.lesionMask(c, gray.rows(), gray.cols())) == 0) {
                empty.add(c);
            }
        }
        return empty;
    }

    private BusiDataset() {}

    public static Loaded load(Path busiDir) throws IOException {
        List<Case> cases = new ArrayList<>();
        for (LesionClass label : LesionClass.values()) {
            Path dir = busiDir.resolve(label.name().toLowerCase());
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> all = files.sorted().toList();
                for (Path image : all) {
                    String name = image.getFileName().toString();
                    if (!name.endsWith(".png") || name.contains("_mask")) continue;
                    String stem = name.substring(0, name.length() - 4);
                    List<Path> masks = all.stream().filter(p -> {
                        String n = p.getFileName().toString();
                        return n.startsWith(stem + "_mask") && n.endsWith(".png");
                    }).toList();
                    String id = label.name().toLowerCase() + "/" + stem;
                    cases.add(new Case(id, image, masks, List.of(), label, id));
                }
            }
        }
        return groupDuplicates(cases);
    }

    static Loaded groupDuplicates(List<Case> cases) throws IOException {
        int n = cases.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        long[] hashes = new long[n];
        Map<String, Integer> exact = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Mat gray = ImageFiles.readGray(cases.get(i).image());
            hashes[i] = differenceHash(gray);
            Integer twin = exact.putIfAbsent(pixelDigest(gray), i);
            if (twin != null) union(parent, i, twin);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (Long.bitCount(hashes[i] ^ hashes[j]) <= NEAR_DUPLICATE_BITS) union(parent, i, j);
            }
        }
        Map<Integer, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < n; i++) groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(i);
        List<Case> out = new ArrayList<>();
        int duplicates = 0, ambiguous = 0;
        for (List<Integer> members : groups.values()) {
            duplicates += members.size() - 1;
            boolean mixed = members.stream().map(i -> cases.get(i).label()).distinct().count() > 1;
            if (mixed) {
                ambiguous += members.size();
                continue;
            }
            String group = cases.get(members.get(0)).id();
            // keep one copy of a duplicate set: a second copy adds nothing to training and would count twice in tests
            out.add(cases.get(members.get(0)).withGroup(group));
        }
        out.sort(java.util.Comparator.comparing(Case::id));
        return new Loaded(out, n, duplicates, ambiguous);
    }

    /** dHash: 9x8 thumbnail, one bit per horizontal neighbour comparison. */
    static long differenceHash(Mat gray) {
        Mat small = new Mat();
        resize(gray, small, new Size(9, 8), 0, 0, INTER_AREA);
        UByteIndexer px = small.createIndexer();
        long hash = 0;
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 8; c++) {
                hash = (hash << 1) | (px.get(r, c) > px.get(r, c + 1) ? 1 : 0);
            }
        }
        return hash;
    }

    private static String pixelDigest(Mat gray) {
        byte[] bytes = new byte[gray.rows() * gray.cols()];
        gray.clone().data().get(bytes);
        try {
            return gray.cols() + "x" + gray.rows() + ":" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }
}
