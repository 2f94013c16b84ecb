package org.mammoai.node.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.inference.TiledDetector;

/**
 * Training tiles for a tile detector, cut from films preprocessed at the canvas size: several tiles around each
 * lesion (its centre anywhere in the middle two thirds of the tile), labelled with the film's class, and tiles of
 * breast tissue that touch no lesion, labelled normal. Small lesions keep their full resolution this way.
 */
final class TileSet {
    private TileSet() {}

    static PreparedSet cut(PreparedSet films, int tile, int perLesion, int normalsPerFilm, Random r) {
        int side = films.size;
        List<Case> cases = new ArrayList<>();
        List<float[]> images = new ArrayList<>(), masks = new ArrayList<>();
        for (int f = 0; f < films.count(); f++) {
            float[] image = films.image(f), mask = films.mask(f);
            Case film = films.cases.get(f);
            for (double[] centre : centres(mask, side)) {
                for (int k = 0; k < perLesion; k++) {
                    int x0 = clamp((int) centre[0] - tile / 2 + r.nextInt(tile * 2 / 3) - tile / 3, side - tile);
                    int y0 = clamp((int) centre[1] - tile / 2 + r.nextInt(tile * 2 / 3) - tile / 3, side - tile);
                    add(cases, images, masks, film, film.label(), image, mask, side, x0, y0, tile, cases.size());
                }
            }
            for (int k = 0, tries = 0; k < normalsPerFilm && tries < 50 * normalsPerFilm; tries++) {
                int x0 = r.nextInt(side - tile + 1), y0 = r.nextInt(side - tile + 1);
                if (image[(y0 + tile / 2) * side + x0 + tile / 2] <= TiledDetector.BACKGROUND || lesionPixels(mask, side, x0, y0, tile) > 0) continue;
                add(cases, images, masks, film, LesionClass.NORMAL, image, mask, side, x0, y0, tile, cases.size());
                k++;
            }
        }
        return PreparedSet.of(cases, tile, images.toArray(float[][]::new), masks.toArray(float[][]::new));
    }

    private static void add(List<Case> cases, List<float[]> images, List<float[]> masks, Case film, LesionClass label,
                            float[] image, float[] mask, int side, int x0, int y0, int tile, int n) {
        float[] ti = new float[tile * tile], tm = new float[tile * tile];
        TiledDetector.crop(image, side, x0, y0, tile, ti, 0);
        TiledDetector.crop(mask, side, x0, y0, tile, tm, 0);
        cases.add(new Case(film.id() + "#" + n, film.image(), List.of(), List.of(), label, film.group()));
        images.add(ti);
        masks.add(tm);
    }

    /** Centroids (x, y) of the lesions of a mask. */
    static List<double[]> centres(float[] mask, int side) {
        int[] labels = Froc.label(mask, 0.5f, side);
        int n = java.util.Arrays.stream(labels).max().orElse(0);
        double[] sx = new double[n + 1], sy = new double[n + 1], c = new double[n + 1];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 0) continue;
            sx[labels[i]] += i % side;
            sy[labels[i]] += i / side;
            c[labels[i]]++;
        }
        List<double[]> out = new ArrayList<>();
        for (int k = 1; k <= n; k++) out.add(new double[] {sx[k] / c[k], sy[k] / c[k]});
        return out;
    }

    private static int lesionPixels(float[] mask, int side, int x0, int y0, int tile) {
        int n = 0;
        for (int y = y0; y < y0 + tile; y++) for (int x = x0; x < x0 + tile; x++) if (mask[y * side + x] > 0.5f) n++;
        return n;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
