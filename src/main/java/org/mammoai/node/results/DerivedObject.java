package org.mammoai.node.results;

import org.mammoai.node.config.ResultType;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import org.mammoai.node.common.OwnerOnly;
import org.mammoai.node.imaging.PatientStudy;
import org.mammoai.node.imaging.SourceImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What every result object shares: the source image's patient and study (so PACS files it in the
 * same study), a new series per study and result type, this node as equipment, and how it is written.
 */
final class DerivedObject {
    /** Who made the object: the node and the model, as Enhanced General Equipment wants them. */
    record Equipment(String modelName, String deviceSerialNumber, String softwareVersions) {
        static final String MANUFACTURER = "Mammo AI Node";
    }

    // newer than PixelMed's 2022 dictionary's name for it
    private static final AttributeTag ISSUER_OF_PATIENT_ID = new AttributeTag(0x0010, 0x0021);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

    private DerivedObject() {}

    /**
     * The header every result object starts from: patient and study copied from the (sanitised) source,
     * a new instance in this node's series of that type.
     */
    static AttributeList start(SourceImage source, ResultType type, String sopClassUid, String sopInstanceUid, String modality,
                               int instanceNumber, Equipment equipment) throws DicomException {
        AttributeList list = new AttributeList();
        PatientStudy p = source.patientStudy();
        if (p.specificCharacterSet() != null) Attrs.set(list, TagFromName.SpecificCharacterSet, p.specificCharacterSet().split("\\\\"));
        Attrs.set(list, TagFromName.PatientName, p.patientName());
        Attrs.set(list, TagFromName.PatientID, p.patientId());
        if (p.issuerOfPatientId() != null) Attrs.set(list, new LongStringAttribute(ISSUER_OF_PATIENT_ID), p.issuerOfPatientId());
        Attrs.set(list, TagFromName.PatientBirthDate, p.patientBirthDate());
        Attrs.set(list, TagFromName.PatientSex, p.patientSex());
        if (p.patientAge() != null) Attrs.set(list, TagFromName.PatientAge, p.patientAge());
        Attrs.set(list, TagFromName.StudyInstanceUID, source.studyUid());
        Attrs.set(list, TagFromName.StudyDate, p.studyDate());
        Attrs.set(list, TagFromName.StudyTime, p.studyTime());
        Attrs.set(list, TagFromName.ReferringPhysicianName, p.referringPhysicianName());
        Attrs.set(list, TagFromName.StudyID, p.studyId());
        Attrs.set(list, TagFromName.AccessionNumber, p.accessionNumber());
        if (p.studyDescription() != null) Attrs.set(list, TagFromName.StudyDescription, p.studyDescription());
        Attrs.set(list, TagFromName.SOPClassUID, sopClassUid);
        Attrs.set(list, TagFromName.SOPInstanceUID, sopInstanceUid);
        Attrs.set(list, TagFromName.Modality, modality);
        Attrs.set(list, TagFromName.SeriesInstanceUID, seriesUid(source.studyUid(), type));
        Attrs.set(list, TagFromName.SeriesNumber, 900 + type.ordinal() + 1);
        Attrs.set(list, TagFromName.SeriesDescription, switch (type) {
            case SEG -> "AI lesion segmentation";
            case CAD_SR -> "AI mammography CAD report";
            case TID1500_SR -> "AI lesion measurements";
        });
        Attrs.set(list, TagFromName.InstanceNumber, instanceNumber);
        LocalDateTime now = LocalDateTime.now();
        Attrs.set(list, TagFromName.ContentDate, DATE.format(now));
        Attrs.set(list, TagFromName.ContentTime, TIME.format(now));
        Attrs.set(list, TagFromName.InstanceCreationDate, DATE.format(now));
        Attrs.set(list, TagFromName.InstanceCreationTime, TIME.format(now));
        Attrs.set(list, TagFromName.Manufacturer, Equipment.MANUFACTURER);
        Attrs.set(list, TagFromName.ManufacturerModelName, equipment.modelName());
        Attrs.set(list, TagFromName.DeviceSerialNumber, equipment.deviceSerialNumber());
        Attrs.set(list, TagFromName.SoftwareVersions, equipment.softwareVersions());
        return list;
    }

    /** The source's Instance Number, for per-image results (1 when it has none or a bad one). */
    static int instanceNumberOf(SourceImage source) {
        try {
            return Math.max(1, Integer.parseInt(source.instanceNumber().trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The results series of this type in the study: the same UID every time, on every node. */
    static String seriesUid(String studyUid, ResultType type) {
        return Uids.named(studyUid + "/" + type);
    }

    /** Writes a Part 10 file in Explicit VR Little Endian, replacing any earlier file atomically. */
    static void write(AttributeList list, Path file, String sourceAeTitle) throws IOException, DicomException {
        list.removeGroupLengthAttributes();
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, sourceAeTitle);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        list.write(tmp.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        OwnerOnly.file(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

}
