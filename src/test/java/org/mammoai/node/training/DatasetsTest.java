package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mammoai.node.inference.LesionClass;

/** Dataset loading, duplicate grouping and splitting on small fixtures written by the test. */
class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void busiDuplicatesAreMergedMasksOredAndConflictingCopiesDropped() throws Exception {
        Path busi = dir.resolve("busi");
        writeNoise(busi.resolve("benign/benign (1).png"), 1);
        writeMask(busi.resolve("benign/benign (1)_mask.png"), 20, 20);
        writeMask(busi.resolve("benign/benign (1)_mask_1.png"), 60, 40);
        writeNoise(busi.resolve("benign/benign (2).png"), 1);              // exact copy of (1)
        writeMask(busi.resolve("benign/benign (2)_mask.png"), 20, 20);
        writeNoise(busi.resolve("malignant/malignant (1).png"), 2);
        writeMask(busi.resolve("malignant/malignant (1)_mask.png"), 30, 30);
        writeNoise(busi.resolve("normal/normal (1).png"), 2);               // same pixels, other class
        writeNoise(busi.resolve("normal/normal (2).png"), 3);

        BusiDataset.Loaded loaded = BusiDataset.load(busi);

        assertThat(loaded.images()).isEqualTo(5);
        assertThat(loaded.ambiguousDropped()).isEqualTo(2);
        assertThat(loaded.cases()).extracting(Case::id).containsExactly("benign/benign (1)", "normal/normal (2)");
        Case benign = loaded.cases().get(0);
        assertThat(benign.maskFiles()).hasSize(2);
        Mat mask = ImageFiles.lesionMask(benign, 80, 100);
        assertThat(countNonZero(mask)).as("both lesions, OR-ed").isGreaterThan(2 * 250);
        assertThat(BusiDataset.withEmptyMasks(loaded.cases())).isEmpty();
    }

    @Test
    void emptyMaskFilesAreDetected() throws Exception {
        Path busi = dir.resolve("busi");
        writeNoise(busi.resolve("benign/benign (1).png"), 1);
        imwrite(busi.resolve("benign/benign (1)_mask.png").toString(), new Mat(80, 100, CV_8U, new Scalar(0.0)));
        Files.createDirectories(busi.resolve("malignant"));
        Files.createDirectories(busi.resolve("normal"));
        assertThat(BusiDataset.withEmptyMasks(BusiDataset.load(busi).cases())).hasSize(1);
    }

    @Test
    void brokenPngGivesAClearError() throws Exception {
        Path png = Files.writeString(Files.createDirectories(dir.resolve("x")).resolve("broken.png"), "not a png");
        assertThatThrownBy(() -> ImageFiles.readGray(png)).hasMessageContaining("cannot decode image").hasMessageContaining("broken.png");
    }

    @Test
    void miasCirclesAreFlippedToImageRowsAndPairsShareAPatient() throws Exception {
        Path mias = Files.createDirectories(dir.resolve("mini-mias"));
        Files.writeString(mias.resolve("Info.txt"), """
                header text
                mdb001 G CIRC B 535 425 197
                mdb002 G NORM
                mdb003 F CALC M 100 900 10
                mdb003 F CALC B 200 800 12
                mdb004 D CALC B
                """);
        MiasDataset.Loaded loaded = MiasDataset.load(mias);
        assertThat(loaded.films()).isEqualTo(4);
        assertThat(loaded.withoutCoordinates()).isEqualTo(1);
        assertThat(loaded.cases()).extracting(Case::id).containsExactly("mdb001", "mdb002", "mdb003");
        Case first = loaded.cases().get(0);
        assertThat(first.circles()).containsExactly(new Case.Circle(535, 1024 - 425, 197));
        assertThat(first.group()).isEqualTo(loaded.cases().get(1).group());
        assertThat(loaded.cases().get(2).label()).as("malignant wins").isEqualTo(LesionClass.MALIGNANT);
        assertThat(loaded.cases().get(2).circles()).hasSize(2);
    }

    @Test
    void splitKeepsGroupsTogetherIsStratifiedAndIsStoredForReuse() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            LesionClass label = LesionClass.values()[i % 3];
            cases.add(new Case("c" + i, Path.of("x"), List.of(), List.of(), label, "g" + (i / 2 * 2 + label.ordinal() * 1000)));
        }
        Path csv = dir.resolve("model/split.csv");
        Split split = Split.loadOrDraw(csv, cases, 5);
        for (Case a : cases) {
            for (Case b : cases) {
                if (a.group().equals(b.group())) assertThat(split.part(a)).isEqualTo(split.part(b));
            }
        }
        for (LesionClass c : LesionClass.values()) {
            long ofClass = cases.stream().filter(k -> k.label() == c).count();
            long inTest = split.select(cases, Split.Part.TEST).stream().filter(k -> k.label() == c).count();
            assertThat((double) inTest / ofClass).isBetween(0.08, 0.22);
        }
        Split again = Split.loadOrDraw(csv, cases, 999); // the stored file wins over a new seed
        for (Case c : cases) assertThat(again.part(c)).isEqualTo(split.part(c));
        assertThat(Split.draw(cases, 6, 0.15, 0.15).select(cases, Split.Part.TEST))
                .isNotEqualTo(split.select(cases, Split.Part.TEST));
    }

    private static void writeNoise(Path png, long seed) throws Exception {
        Files.createDirectories(png.getParent());
        Mat m = new Mat(80, 100, CV_8U);
        UByteIndexer px = m.createIndexer();
        Random r = new Random(seed);
        for (int y = 0; y < 80; y++) for (int x = 0; x < 100; x++) px.put(y, x, 20 + r.nextInt(200));
        imwrite(png.toString(), m);
    }

    private static void writeMask(Path png, int x, int y) {
        Mat m = new Mat(80, 100, CV_8U, new Scalar(0.0));
        circle(m, new Point(x, y), 10, new Scalar(255.0), -1, 8, 0);
        imwrite(png.toString(), m);
    }
}
