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
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

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
    /** Breast-like pixels: a tissue half-disc against the chest wall (left for L, right for R) with a dense round mass. */
    public SyntheticDicom phantom() { this.phantom = true; return this; }
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
        list.put(pixelData());
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "TESTSCU");
        Path file = dir.resolve(sopInstanceUid + ".dcm");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
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
        }
        OtherByteAttribute a = new OtherByteAttribute(TagFromName.PixelData);
        a.setValues(values);
        return a;
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        a.addValue(value);
        list.put(a);
    }
}
