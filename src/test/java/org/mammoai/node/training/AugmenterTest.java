package org.mammoai.node.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mammoai.node.imaging.Modality;

/** The warp moves image and mask together; the strong range moves lesions farther than the standard one. */
class AugmenterTest {
    static final int SIDE = 64;

    @Test
    void imageAndMaskStayAlignedUnderTheStrongWarp() {
        Augmenter strong = new Augmenter(Modality.ULTRASOUND, Augmenter.Warp.STRONG);
        Random r = new Random(4);
        for (int draw = 0; draw < 20; draw++) {
            float[] image = new float[SIDE * SIDE], mask = new float[SIDE * SIDE];
            drawLesion(image, mask, 20, 26, 10);
            strong.apply(image, mask, SIDE, r);
            double inside = 0, outside = 0;
            int in = 0;
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] > 0.5f) { inside += image[i]; in++; } else outside += image[i];
            }
            assertThat(in).as("draw " + draw + ": lesion pixels left").isGreaterThan(50);
            assertThat(inside / in).as("draw " + draw + ": the image is bright where the mask is").isGreaterThan(2 * outside / (mask.length - in) + 0.2);
        }
    }

    @Test
    void theStrongRangeMovesTheLesionFartherThanTheStandardOne() {
        assertThat(meanCentroidShift(Augmenter.Warp.STRONG)).isGreaterThan(1.5 * meanCentroidShift(Augmenter.Warp.STANDARD));
    }

    @Test
    void unknownRangeNamesAreRefused() {
        assertThat(Augmenter.Warp.named("strong")).isEqualTo(Augmenter.Warp.STRONG);
        assertThatThrownBy(() -> Augmenter.Warp.named("wild")).hasMessageContaining("--augment standard|strong");
    }

    /** Mean distance the mask's centroid moves from where it was drawn, over draws of unflipped warps. */
    private static double meanCentroidShift(Augmenter.Warp range) {
        Augmenter a = new Augmenter(Modality.ULTRASOUND, range);
        Random r = new Random(9);
        double sum = 0;
        int n = 0;
        while (n < 40) {
            float[] image = new float[SIDE * SIDE], mask = new float[SIDE * SIDE];
            drawLesion(image, mask, 24, 28, 6);
            a.apply(image, mask, SIDE, r);
            double cx = 0, cy = 0, count = 0;
            for (int y = 0; y < SIDE; y++) for (int x = 0; x < SIDE; x++) if (mask[y * SIDE + x] > 0.5f) { cx += x; cy += y; count++; }
            if (count == 0) continue;
            // a left-right flip mirrors the centroid about the middle: measure against where the flip put it
            double startX = Math.abs(cx / count - 24) < Math.abs(cx / count - (SIDE - 1 - 24)) ? 24 : SIDE - 1 - 24;
            sum += Math.hypot(cx / count - startX, cy / count - 28);
            n++;
        }
        return sum / n;
    }

    private static void drawLesion(float[] image, float[] mask, int cx, int cy, int radius) {
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                boolean in = Math.hypot(x - cx, y - cy) <= radius;
                image[y * SIDE + x] = in ? 0.9f : 0.1f;
                mask[y * SIDE + x] = in ? 1f : 0f;
            }
        }
    }
}
