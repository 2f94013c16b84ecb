package org.mammoai.node.store;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The attributes the catalog keeps, read from a stored file's header (pixel data is not read).
 * sourceAeTitle is the file meta's Source AE, where our receiver records the calling AE.
 */
public record InstanceHeader(String patientId, String patientName, String patientBirthDate, String patientSex,
                             String studyInstanceUid, String studyDate, String studyTime, String accessionNumber,
                             String studyDescription, String seriesInstanceUid, String modality, Integer seriesNumber,
                             String seriesDescription, String sopInstanceUid, String sopClassUid, String transferSyntaxUid,
                             Integer instanceNumber, String imageLaterality, String viewPosition,
                             Integer rows, Integer columns, Integer numberOfFrames, String sourceAeTitle,
                             Integer bitsAllocated, Integer samplesPerPixel) {

    public static InstanceHeader read(Path file) throws MalformedInstanceException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toString(), TagFromName.PixelData);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new MalformedInstanceException("not a readable DICOM file: " + e.getMessage(), e);
        }
        InstanceHeader h = new InstanceHeader(
                text(list, TagFromName.PatientID), text(list, TagFromName.PatientName),
                text(list, TagFromName.PatientBirthDate), text(list, TagFromName.PatientSex),
                text(list, TagFromName.StudyInstanceUID), text(list, TagFromName.StudyDate),
                text(list, TagFromName.StudyTime), text(list, TagFromName.AccessionNumber),
                text(list, TagFromName.StudyDescription), text(list, TagFromName.SeriesInstanceUID),
                text(list, TagFromName.Modality), integer(list, TagFromName.SeriesNumber),
                text(list, TagFromName.SeriesDescription), text(list, TagFromName.SOPInstanceUID),
                text(list, TagFromName.SOPClassUID), text(list, TagFromName.TransferSyntaxUID),
                integer(list, TagFromName.InstanceNumber), text(list, TagFromName.ImageLaterality),
                text(list, TagFromName.ViewPosition), integer(list, TagFromName.Rows),
                integer(list, TagFromName.Columns), integer(list, TagFromName.NumberOfFrames),
                text(list, TagFromName.SourceApplicationEntityTitle),
                integer(list, TagFromName.BitsAllocated), integer(list, TagFromName.SamplesPerPixel));
        requireUid("StudyInstanceUID", h.studyInstanceUid);
        requireUid("SeriesInstanceUID", h.seriesInstanceUid);
        requireUid("SOPInstanceUID", h.sopInstanceUid);
        requireUid("SOPClassUID", h.sopClassUid);
        return h;
    }

    /** PS3.5 9.1: digits in dot-separated components, at most 64 characters. UIDs name files and folders. */
    static boolean isValidUid(String uid) {
        return uid != null && uid.length() <= 64 && uid.matches("[0-9]+(\\.[0-9]+)*");
    }

    private static void requireUid(String name, String value) throws MalformedInstanceException {
        requirePresent(name, value);
        if (!isValidUid(value)) {
            throw new MalformedInstanceException(name + " is not a valid DICOM UID (digits and dots, at most 64 characters)");
        }
    }

    private static void requirePresent(String name, String value) throws MalformedInstanceException {
        if (value == null) {
            throw new MalformedInstanceException(name + " is missing");
        }
    }

    private static String text(AttributeList list, AttributeTag tag) {
        String v = Attribute.getSingleStringValueOrEmptyString(list, tag).strip();
        return v.isEmpty() ? null : v;
    }

    private static Integer integer(AttributeList list, AttributeTag tag) {
        int v = Attribute.getSingleIntegerValueOrDefault(list, tag, Integer.MIN_VALUE);
        return v == Integer.MIN_VALUE ? null : v;
    }
}
