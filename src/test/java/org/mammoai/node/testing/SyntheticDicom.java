package org.mammoai.node.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UIDGenerator;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriter;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi;
import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Builds small, valid-enough DICOM images for tests: mammograms, ultrasound, secondary capture. */
public final class SyntheticDicom {
    public static final String MG_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.2";
    public static final String MG_FOR_PROCESSING = "1.2.840.10008.5.1.4.1.1.1.2.1";
    public static final String BREAST_TOMOSYNTHESIS = "1.2.840.10008.5.1.4.1.1.13.1.3";
    public static final String US_IMAGE = "1.2.840.10008.5.1.4.1.1.6.1";
    public static final String US_MULTIFRAME = "1.2.840.10008.5.1.4.1.1.3.1";
    public static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    public static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";

    private static final UIDGenerator UIDS = new UIDGenerator();

    private String sopClassUid = MG_FOR_PRESENTATION;
    private String modality = "MG";
    private String patientId = "PID-" + System.nanoTime();
    private String patientName = "Test^Patient";
    private String studyUid = newUid();
    private String seriesUid = newUid();
    private String sopInstanceUid = newUid();
    private String laterality = "L";
    private String view = "CC";
    private int rows = 64;
    private int columns = 48;
    private int frames = 1;
    private int bits = 16;
    private boolean withStudyUid = true;
    private String photometric = "MONOCHROME2";
    private String windowCenter;
    private String windowWidth;
    private long seed = 1;
    private boolean phantom;
    private boolean vendorHeaders;
    private double[] regionDeltaCm;
    private final java.util.Map<AttributeTag, String> extra = new java.util.LinkedHashMap<>();

    public static String newUid() {
        try {
            return UIDS.getAnotherNewUID();
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SyntheticDicom mammogram(String laterality, String view) {
        SyntheticDicom d = new SyntheticDicom();
        d.laterality = laterality;
        d.view = view;
        return d;
    }

    public static SyntheticDicom ultrasound() {
        return new SyntheticDicom().sopClass(US_IMAGE, "US").bits(8).noView();
    }

    public SyntheticDicom sopClass(String uid, String modality) {
        this.sopClassUid = uid;
        this.modality = modality;
        return this;
    }

    public SyntheticDicom size(int rows, int columns) { this.rows = rows; this.columns = columns; return this; }
    public SyntheticDicom frames(int frames) { this.frames = frames; return this; }
    public SyntheticDicom bits(int bits) { this.bits = bits; return this; }
    public SyntheticDicom patient(String id, String name) { this.patientId = id; this.patientName = name; return this; }
    public SyntheticDicom study(String uid) { this.studyUid = uid; return this; }
    public SyntheticDicom series(String uid) { this.seriesUid = uid; return this; }
    public SyntheticDicom seed(long seed) { this.seed = seed; return this; }
    /** Any value, valid or not (hostile-peer tests); the file is then named after its hash. */
    public SyntheticDicom sopInstanceUid(String uid) { this.sopInstanceUid = uid; return this; }
    /** Breast-like pixels: a tissue half-disc against the chest wall (left for L, right for R) with a dense round mass;
     *  for 8-bit ultrasound, speckle with a dark oval lesion. */
    public SyntheticDicom phantom() { this.phantom = true; return this; }
    /**
     * The attributes a full-field digital mammography unit writes (a GE Senographe-like For Presentation or
     * For Processing image: equipment, detector, exposure, positioner, view code, VOI windows, private
     * group), complete enough that dciodvfy finds no error in the MG IOD.
     */
    public SyntheticDicom vendorHeaders() { this.vendorHeaders = true; return this; }
    /** A Sequence of Ultrasound Regions: one 2D region over the whole image, pixel size in cm (as scanners write it). */
    public SyntheticDicom ultrasoundRegion(double deltaXcm, double deltaYcm) { this.regionDeltaCm = new double[] {deltaXcm, deltaYcm}; return this; }
    /** Any further attribute, or a replacement value, set last (e.g. a vendor's invalid value). */
    public SyntheticDicom with(AttributeTag tag, String value) { this.extra.put(tag, value); return this; }
    public SyntheticDicom withoutStudyUid() { this.withStudyUid = false; return this; }
    public SyntheticDicom photometric(String interpretation) { this.photometric = interpretation; return this; }
    public SyntheticDicom window(double center, double width) {
        this.windowCenter = Double.toString(center);
        this.windowWidth = Double.toString(width);
        return this;
    }
    private SyntheticDicom noView() { this.laterality = null; this.view = null; return this; }

    public String sopInstanceUid() { return sopInstanceUid; }
    public String studyUid() { return studyUid; }
    public String seriesUid() { return seriesUid; }
    public String patientId() { return patientId; }

    /** Writes the image in Explicit VR Little Endian as {@code dir/<SOP Instance UID>.dcm}. */
    public Path write(Path dir) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, sopClassUid);
        put(list, TagFromName.SOPInstanceUID, sopInstanceUid);
        if (withStudyUid) put(list, TagFromName.StudyInstanceUID, studyUid);
        put(list, TagFromName.SeriesInstanceUID, seriesUid);
        put(list, TagFromName.PatientID, patientId);
        put(list, TagFromName.PatientName, patientName);
        put(list, TagFromName.PatientBirthDate, "19600101");
        put(list, TagFromName.PatientSex, "F");
        put(list, TagFromName.StudyDate, "20261122");
        put(list, TagFromName.StudyTime, "101500");
        put(list, TagFromName.AccessionNumber, "ACC1");
        put(list, TagFromName.StudyID, "1");
        put(list, TagFromName.ReferringPhysicianName, "");
        put(list, TagFromName.Modality, modality);
        put(list, TagFromName.SeriesNumber, "1");
        put(list, TagFromName.InstanceNumber, "1");
        put(list, TagFromName.ConversionType, "WSD");
        if (laterality != null) {
            put(list, TagFromName.ImageLaterality, laterality);
            put(list, TagFromName.ViewPosition, view);
        }
        put(list, TagFromName.SamplesPerPixel, "1");
        put(list, TagFromName.PhotometricInterpretation, photometric);
        if (windowCenter != null) {
            put(list, TagFromName.WindowCenter, windowCenter);
            put(list, TagFromName.WindowWidth, windowWidth);
        }
        put(list, TagFromName.Rows, Integer.toString(rows));
        put(list, TagFromName.Columns, Integer.toString(columns));
        put(list, TagFromName.BitsAllocated, Integer.toString(bits));
        put(list, TagFromName.BitsStored, Integer.toString(bits == 16 ? 12 : 8));
        put(list, TagFromName.HighBit, Integer.toString(bits == 16 ? 11 : 7));
        put(list, TagFromName.PixelRepresentation, "0");
        if (frames > 1) put(list, TagFromName.NumberOfFrames, Integer.toString(frames));
        if (vendorHeaders) VendorMammogramHeaders.add(list, laterality, view, bits == 16 ? 12 : 8);
        if (regionDeltaCm != null) UltrasoundHeaders.addRegion(list, columns, rows, regionDeltaCm[0], regionDeltaCm[1]);
        for (var e : extra.entrySet()) put(list, e.getKey(), e.getValue());
        list.put(pixelData());
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "TESTSCU");
        Path file = dir.resolve((sopInstanceUid.matches("[0-9.]+") ? sopInstanceUid : Integer.toHexString(sopInstanceUid.hashCode())) + ".dcm");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    /**
     * Writes the image encapsulated in a JPEG 2000 transfer syntax (1.2.840.10008.1.2.4.90 lossless or .91
     * lossy at 1 bit per pixel), each frame a code stream from jai-imageio's JPEG 2000 writer, as
     * {@code dir/<SOP Instance UID>.j2k.dcm}. 16-bit images only.
     */
    public Path writeJpeg2000(Path dir, boolean lossless) throws IOException, DicomException {
        Path plain = write(Files.createTempDirectory("j2k-src"));
        String syntax = lossless ? TransferSyntax.JPEG2000Lossless : TransferSyntax.JPEG2000;
        AttributeList list = new AttributeList();
        list.read(plain.toFile());
        short[] values = list.get(TagFromName.PixelData).getShortValues(); // before the delete: large values are read from the file lazily
        Files.delete(plain);
        Files.delete(plain.getParent());
        byte[][] compressed = new byte[frames][];
        for (int f = 0; f < frames; f++) {
            BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_USHORT_GRAY);
            image.getRaster().setDataElements(0, 0, columns, rows, java.util.Arrays.copyOfRange(values, f * rows * columns, (f + 1) * rows * columns));
            compressed[f] = jpeg2000(image, lossless);
        }
        list.put(new OtherByteAttributeMultipleCompressedFrames(TagFromName.PixelData, compressed));
        if (!lossless) {
            put(list, TagFromName.LossyImageCompression, "01");
            put(list, TagFromName.LossyImageCompressionMethod, "ISO_15444_1");
        }
        list.remove(TagFromName.FileMetaInformationGroupLength);
        FileMetaInformation.addFileMetaInformation(list, syntax, "TESTSCU");
        Path file = dir.resolve(sopInstanceUid + ".j2k.dcm");
        list.write(file.toFile(), syntax, true, true);
        return file;
    }

    private static byte[] jpeg2000(BufferedImage image, boolean lossless) throws IOException {
        // made directly, not looked up in ImageIO's registry, which may hold the class from another class loader
        ImageWriter writer = new J2KImageWriter(new J2KImageWriterSpi());
        J2KImageWriteParam param = (J2KImageWriteParam) writer.getDefaultWriteParam();
        param.setWriteCodeStreamOnly(true); // DICOM carries the raw code stream, not a JP2 file
        param.setLossless(lossless);
        if (!lossless) {
            param.setFilter(J2KImageWriteParam.FILTER_97);
            param.setEncodingRate(1.0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private Attribute pixelData() throws DicomException {
        Random random = new Random(seed);
        int n = rows * columns * frames;
        if (bits == 16 && phantom) {
            short[] values = new short[n];
            boolean wallLeft = !"R".equals(laterality);
            double radius = Math.min(rows / 2.0, columns * 0.8);
            double massX = columns * 0.35, massR = Math.min(rows, columns) / 10.0;
            for (int f = 0; f < frames; f++) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < columns; c++) {
                        double x = wallLeft ? c : columns - 1 - c, dy = r - rows / 2.0;
                        double v = 40 + random.nextInt(40);
                        if (Math.hypot(x, dy) < radius) v = 1100 + 300 * Math.sin(x / 9.0) * Math.cos(dy / 13.0) + random.nextInt(200);
                        if (Math.hypot(x - massX, dy) < massR) v = 3000 + random.nextInt(300);
                        values[(f * rows + r) * columns + c] = (short) v;
                    }
                }
            }
            OtherWordAttribute a = new OtherWordAttribute(TagFromName.PixelData);
            a.setValues(values);
            return a;
        }
        if (bits == 16) {
            short[] values = new short[n];
            for (int i = 0; i < n; i++) {
                int r = i / columns % rows, c = i % columns;
                values[i] = (short) (((r * 7 + c * 3) & 0x7ff) + random.nextInt(512)); // 12-bit, compressible
            }
            OtherWordAttribute a = new OtherWordAttribute(TagFromName.PixelData);
            a.setValues(values);
            return a;
        }
        byte[] values = new byte[n];
        for (int i = 0; i < n; i++) {
            values[i] = (byte) ((i % columns) + random.nextInt(32));
            if (phantom) { // speckled tissue with a dark oval lesion in the middle, as a hypoechoic mass looks
                int r = i / columns % rows, c = i % columns;
                double dx = (c - columns / 2.0) / (columns / 6.0), dy = (r - rows / 2.0) / (rows / 8.0);
                boolean lesion = dx * dx + dy * dy < 1;
                values[i] = (byte) (lesion ? 15 + random.nextInt(15) : 80 + random.nextInt(90));
            }
        }
        OtherByteAttribute a = new OtherByteAttribute(TagFromName.PixelData);
        a.setValues(values);
        return a;
    }

    static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        a.addValue(value);
        list.put(a);
    }
}
