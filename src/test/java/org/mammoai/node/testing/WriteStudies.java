package org.mammoai.node.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark fixture: N four-view screening studies of phantom mammograms, one folder per study (named by its UID).
 * Format "j2k": JPEG 2000 lossless MONOCHROME1 with vendor headers, like a Hologic Selenia's full-field images; the four
 * views are encoded once (the pure-Java encoder takes a while at 26 MP) and each study gets them under new UIDs.
 */
public final class WriteStudies {
    private static final String[] VIEWS = {"L CC", "L MLO", "R CC", "R MLO"};

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int studies = Integer.parseInt(args[1]);
        int rows = Integer.parseInt(args[2]);
        int columns = Integer.parseInt(args[3]);
        boolean j2k = args.length > 4 && args[4].equals("j2k");
        Path[] templates = new Path[VIEWS.length];
        if (j2k) {
            Path templateDir = Files.createTempDirectory("j2k-views");
            for (int v = 0; v < VIEWS.length; v++) {
                String[] lv = VIEWS[v].split(" ");
                templates[v] = SyntheticDicom.mammogram(lv[0], lv[1]).size(rows, columns).phantom().vendorHeaders().photometric("MONOCHROME1")
                        .seed(v).writeJpeg2000(templateDir, true);
            }
        }
        for (int s = 0; s < studies; s++) {
            String study = SyntheticDicom.newUid();
            Path studyDir = Files.createDirectories(dir.resolve(study));
            String series = SyntheticDicom.newUid();
            for (int v = 0; v < VIEWS.length; v++) {
                if (j2k) {
                    copyWithNewUids(templates[v], studyDir, study, series);
                } else {
                    String[] lv = VIEWS[v].split(" ");
                    SyntheticDicom.mammogram(lv[0], lv[1]).study(study).size(rows, columns).phantom().seed(s * 4L + v).write(studyDir);
                }
            }
        }
    }

    /** The template's frames, still compressed, under this study's UIDs and a new instance UID. */
    private static void copyWithNewUids(Path template, Path studyDir, String study, String series) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(template.toFile());
        String instance = SyntheticDicom.newUid();
        put(list, TagFromName.StudyInstanceUID, study);
        put(list, TagFromName.SeriesInstanceUID, series);
        put(list, TagFromName.SOPInstanceUID, instance);
        String syntax = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
        // the meta header made again, so its group length counts the new instance UID (it may differ in length)
        list.removeGroupLengthAttributes();
        list.removeMetaInformationHeaderAttributes();
        com.pixelmed.dicom.FileMetaInformation.addFileMetaInformation(list, syntax, "TESTSCU");
        list.write(studyDir.resolve(instance + ".dcm").toFile(), syntax, true, true);
    }

    private static void put(AttributeList list, AttributeTag tag, String uid) throws Exception {
        Attribute a = new UniqueIdentifierAttribute(tag);
        a.addValue(uid);
        list.put(a);
    }
}
