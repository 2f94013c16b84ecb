package org.mammoai.node.testing;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import org.bytedeco.javacpp.indexer.UShortIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

/** What the decoding tests compare: a 16-bit image's values, how alike two pictures are, a file's frames as stored. */
public final class Pixels {
    private Pixels() {}

    /** A 16-bit single-channel Mat's values, row by row. */
    public static int[] values(Mat m) {
        UShortIndexer idx = m.createIndexer();
        int[] out = new int[m.rows() * m.cols()];
        for (int r = 0; r < m.rows(); r++) for (int c = 0; c < m.cols(); c++) out[r * m.cols() + c] = idx.get(r, c);
        return out;
    }

    /** Pearson correlation: 1 for the same picture at another brightness or contrast. */
    public static double correlation(double[] a, double[] b) {
        double ma = java.util.Arrays.stream(a).average().orElseThrow(), mb = java.util.Arrays.stream(b).average().orElseThrow();
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    public static double correlation(int[] a, int[] b) {
        return correlation(java.util.Arrays.stream(a).asDoubleStream().toArray(), java.util.Arrays.stream(b).asDoubleStream().toArray());
    }

    public static double correlation(float[] a, float[] b) {
        double[] x = new double[a.length], y = new double[b.length];
        for (int i = 0; i < a.length; i++) x[i] = a[i];
        for (int i = 0; i < b.length; i++) y[i] = b[i];
        return correlation(x, y);
    }

    /** The file read with its frames still compressed, as the node reads what it decodes itself. */
    public static AttributeList compressed(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(file.toFile());
        return list;
    }

    /** The first compressed frame of such a list. */
    public static byte[] firstFrame(AttributeList list) {
        return ((OtherByteAttributeMultipleCompressedFrames) list.get(TagFromName.PixelData)).getFrames()[0];
    }
}
