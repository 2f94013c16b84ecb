package org.mammoai.node.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;

import com.pixelmed.dicom.AttributeList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.mammoai.node.imaging.DicomImage;
import org.mammoai.node.imaging.DicomPixels;
import org.mammoai.node.imaging.OpenJpeg;
import org.mammoai.node.imaging.Preprocessor;
import org.mammoai.node.inference.LesionClass;
import org.mammoai.node.inference.LesionFinder;

/**
 * Benchmark (not a test) of analysis steps on a full-field mammogram's grid (5355 x 4915, a Hologic Selenia's):
 * decoding an uncompressed 16-bit frame; decoding a JPEG 2000 lossless frame with our OpenJPEG binding, the pure-Java
 * codec and Debian's opj_decompress; turning a probability map with 8 regions into lesions. Prints the
 * median and the spread of N runs; native/benchmarks/analysis-steps.sh writes them to a results file.
 */
public final class AnalysisStepsBenchmark {
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int rows = 5355, columns = 4915;
        Path file = SyntheticDicom.mammogram("L", "CC").size(rows, columns).phantom().write(Files.createTempDirectory("steps"));
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        long[] decode = new long[runs];
        for (int k = 0; k < runs; k++) {
            long t = System.nanoTime();
            DicomPixels.decode(list, 0, "benchmark").close();
            decode[k] = (System.nanoTime() - t) / 1_000_000;
        }
        Path j2k = SyntheticDicom.mammogram("L", "CC").size(rows, columns).phantom().photometric("MONOCHROME1")
                .writeJpeg2000(Files.createTempDirectory("steps-j2k"), true);
        long[] openJpeg = new long[runs], pureJava = new long[runs], opjDecompress = new long[runs];
        long[] openJpegWorking = new long[runs], opjDecompressReduced = new long[runs];
        Path codestream = Files.createTempFile("frame", ".j2k"), decoded = Files.createTempFile("frame", ".raw");
        Files.write(codestream, DicomFile.pixelData(j2k));
        for (int k = 0; k < runs; k++) {
            long t = System.nanoTime();
            DicomImage.read(j2k).decode(0, "benchmark").close(); // OpenJPEG binding when native/lib has it
            openJpeg[k] = (System.nanoTime() - t) / 1_000_000;
            t = System.nanoTime();
            AttributeList javaDecoded = new AttributeList(); // PixelMed decompresses while reading: the pure-Java codec
            javaDecoded.read(j2k.toFile());
            DicomPixels.decode(javaDecoded, 0, "benchmark").close();
            pureJava[k] = (System.nanoTime() - t) / 1_000_000;
            t = System.nanoTime();
            Tool tool = Tool.run("opj_decompress", "-threads", "2", "-quiet", "-i", codestream.toString(), "-o", decoded.toString());
            opjDecompress[k] = (System.nanoTime() - t) / 1_000_000;
            if (!tool.ok()) throw new IllegalStateException(tool.toString());
            t = System.nanoTime();
            DicomImage.read(j2k).decode(0, "benchmark", Preprocessor.WORKING_SIDE).close(); // what the analysis asks for
            openJpegWorking[k] = (System.nanoTime() - t) / 1_000_000;
            t = System.nanoTime();
            tool = Tool.run("opj_decompress", "-threads", "2", "-r", "1", "-quiet", "-i", codestream.toString(), "-o", decoded.toString());
            opjDecompressReduced[k] = (System.nanoTime() - t) / 1_000_000;
            if (!tool.ok()) throw new IllegalStateException(tool.toString());
        }
        // JPEG lossless (SV1, dcmtk's encoder) at a GE Senographe Essential's size: ours, PixelMed's, dcmtk's dcmdjpeg
        Path geDir = Files.createTempDirectory("steps-jpeg");
        Path ge = SyntheticDicom.mammogram("L", "CC").size(2294, 1914).phantom().write(geDir), jpeg = geDir.resolve("jpeg.dcm");
        Tool encoded = Tool.run("dcmcjpeg", "+e1", ge.toString(), jpeg.toString());
        if (!encoded.ok()) throw new IllegalStateException(encoded.toString());
        long[] ours = new long[runs], pixelMed = new long[runs], dcmdjpeg = new long[runs];
        for (int k = 0; k < runs; k++) {
            long t = System.nanoTime();
            DicomImage.read(jpeg).decode(0, "benchmark").close();
            ours[k] = (System.nanoTime() - t) / 1_000_000;
            t = System.nanoTime();
            AttributeList javaDecoded = new AttributeList();
            javaDecoded.read(jpeg.toFile());
            DicomPixels.decode(javaDecoded, 0, "benchmark").close();
            pixelMed[k] = (System.nanoTime() - t) / 1_000_000;
            t = System.nanoTime();
            Tool tool = Tool.run("dcmdjpeg", jpeg.toString(), geDir.resolve("out.dcm").toString());
            dcmdjpeg[k] = (System.nanoTime() - t) / 1_000_000;
            if (!tool.ok()) throw new IllegalStateException(tool.toString());
        }
        Mat map = new Mat(rows, columns, CV_32F, new Scalar(0.05));
        Random random = new Random(1);
        for (int i = 0; i < 8; i++) {
            circle(map, new Point(300 + random.nextInt(4300), 300 + random.nextInt(4700)), 60 + random.nextInt(120),
                    new Scalar(0.6 + 0.3 * random.nextDouble()), -1, 8, 0);
        }
        long[] find = new long[runs];
        int lesions = 0;
        for (int k = 0; k < runs; k++) {
            long t = System.nanoTime();
            lesions = LesionFinder.find(map, 0.5f, LesionClass.BENIGN, 256, new double[] {0.1, 0.1}).lesions().size();
            find[k] = (System.nanoTime() - t) / 1_000_000;
        }
        System.out.println("| step (" + rows + "x" + columns + ", " + runs + " runs) | median ms | min | max |");
        System.out.println("|---|---|---|---|");
        System.out.println(row("decode an uncompressed 16-bit frame (DicomPixels)", decode));
        System.out.println(row("read + decode a JPEG 2000 lossless MONOCHROME1 frame, OpenJPEG binding ("
                + (OpenJpeg.available() ? "loaded" : "NOT loaded: " + OpenJpeg.unavailableReason()) + ")", openJpeg));
        System.out.println(row("read + decode the same, pure-Java codec (PixelMed + jai-imageio)", pureJava));
        System.out.println(row("the same codestream: `opj_decompress -threads 2` to a raw file (Debian OpenJPEG 2.5.0)", opjDecompress));
        System.out.println(row("read + decode the same at the working grid's resolution level (half size), as the analysis does", openJpegWorking));
        System.out.println(row("the same codestream: `opj_decompress -threads 2 -r 1` (half size)", opjDecompressReduced));
        System.out.printf("j2kDecodeVsOpenJpeg=%.2f%n", median(openJpeg) / (double) median(opjDecompress));
        System.out.println(row("read + decode a 2294x1914 JPEG lossless (SV1) frame, our decoder (LosslessJpeg)", ours));
        System.out.println(row("read + decode the same, PixelMed's JPEG lossless codec", pixelMed));
        System.out.println(row("the same file: dcmtk's `dcmdjpeg` to an uncompressed file", dcmdjpeg));
        System.out.printf("jpegLosslessVsDcmtk=%.2f%n", median(ours) / (double) median(dcmdjpeg));
        System.out.println(row("probability map -> " + lesions + " lesions (LesionFinder)", find));
    }

    private static long median(long[] ms) {
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String row(String step, long[] ms) {
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        return "| " + step + " | " + sorted[sorted.length / 2] + " | " + sorted[0] + " | " + sorted[sorted.length - 1] + " |";
    }
}
