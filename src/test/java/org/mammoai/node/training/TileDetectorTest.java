package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mammoai.node.inference.Batch;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.inference.LesionModel;
import org.mammoai.node.inference.Prediction;
import org.mammoai.node.inference.TiledDetector;

/** Tiles cut for training around lesions and from clean tissue; the detector slides a tile model over a canvas. */
class TileDetectorTest {
    static final int CANVAS = 96, TILE = 32;

    @TempDir
    Path dir;

    @Test
    void lesionTilesHoldTheLesionAndNormalTilesTouchNone() {
        float[] image = new float[CANVAS * CANVAS], mask = new float[CANVAS * CANVAS];
        for (int i = 0; i < image.length; i++) image[i] = (i % CANVAS) < 70 ? 0.5f : 0f; // tissue on the left, background right
        for (int y = 40; y < 46; y++) for (int x = 20; x < 26; x++) mask[y * CANVAS + x] = 1f;
        Case film = new Case("film", Path.of("film.png"), List.of(), List.of(), LesionClass.MALIGNANT, "p1");
        PreparedSet films = PreparedSet.of(List.of(film), CANVAS, new float[][] {image}, new float[][] {mask});

        PreparedSet tiles = TileSet.cut(films, TILE, 5, 7, new Random(1));

        assertThat(tiles.count()).isEqualTo(12);
        for (int i = 0; i < tiles.count(); i++) {
            double lesion = 0;
            for (float v : tiles.mask(i)) lesion += v;
            if (tiles.label(i) == LesionClass.MALIGNANT) assertThat(lesion).as("tile " + i).isGreaterThan(9); // centre inside
            else assertThat(lesion).as("normal tile " + i).isZero();
        }
        assertThat(tiles.cases.stream().filter(c -> c.label() == LesionClass.MALIGNANT)).hasSize(5);
    }

    @Test
    void detectorStitchesTileOutputsOverTheTissueOnly() throws Exception {
        try (NetSession net = new NetSession(LesionNet.unet(TILE, 4, 2, new LesionNet.Training(1e-3f, 1f), 3))) {
            net.export(dir.resolve("saved_model"));
        }
        assertThat(TiledDetector.steps(1024, 224)).containsExactly(0, 112, 224, 336, 448, 560, 672, 784, 800);
        float[] canvas = new float[CANVAS * CANVAS];
        Random r = new Random(4);
        for (int y = 0; y < CANVAS; y++) for (int x = 0; x < 40; x++) canvas[y * CANVAS + x] = 0.3f + 0.4f * r.nextFloat();
        try (LesionModel model = LesionModel.load(dir.resolve("saved_model"))) {
            Prediction whole = TiledDetector.predict(model, canvas, CANVAS);
            assertThat(whole.size()).isEqualTo(CANVAS);
            float[] map = whole.mask(0);
            assertThat(map[CANVAS * 10 + 90]).as("background tiles are not run").isZero();
            // a pixel only the top-left tile covers has exactly that tile's output
            float[] tile = new float[TILE * TILE];
            TiledDetector.crop(canvas, CANVAS, 0, 0, TILE, tile, 0);
            Prediction single = model.predict(new Batch(tile, 1, TILE));
            assertThat(map[2 * CANVAS + 2]).isCloseTo(single.mask(0)[2 * TILE + 2], org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(whole.classes(0)[0]).as("the most abnormal tile's P(normal)").isLessThanOrEqualTo(single.classes(0)[0]);
        }
    }
}
