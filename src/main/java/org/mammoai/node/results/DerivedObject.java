package org.mammoai.node.results;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CompositeInstanceContext;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import org.mammoai.node.common.OwnerOnly;
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

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

    private DerivedObject() {}

    static AttributeList start(AttributeList source, ResultType type, String sopClassUid, String sopInstanceUid,
                               String modality, Equipment equipment) throws DicomException {
        CompositeInstanceContext context = new CompositeInstanceContext(source, false);
        context.removeAllButPatientAndStudy();
        AttributeList list = new AttributeList();
        list.putAll(context.getAttributeList());
        copy(source, list, TagFromName.SpecificCharacterSet);
        for (var tag : new com.pixelmed.dicom.AttributeTag[] {TagFromName.PatientName, TagFromName.PatientID,
                TagFromName.PatientBirthDate, TagFromName.PatientSex, TagFromName.StudyDate, TagFromName.StudyTime,
                TagFromName.ReferringPhysicianName, TagFromName.StudyID, TagFromName.AccessionNumber}) {
            Attrs.ensure(list, tag);
        }
        Attrs.set(list, TagFromName.StudyInstanceUID, Attribute.getSingleStringValueOrEmptyString(source, TagFromName.StudyInstanceUID));
        Attrs.set(list, TagFromName.SOPClassUID, sopClassUid);
        Attrs.set(list, TagFromName.SOPInstanceUID, sopInstanceUid);
        Attrs.set(list, TagFromName.Modality, modality);
        Attrs.set(list, TagFromName.SeriesInstanceUID, seriesUid(source, type));
        Attrs.set(list, TagFromName.SeriesNumber, 900 + type.ordinal() + 1);
        Attrs.set(list, TagFromName.SeriesDescription, switch (type) {
            case SEG -> "AI lesion segmentation";
            case CAD_SR -> "AI mammography CAD report";
            case TID1500_SR -> "AI lesion measurements";
        });
        String instanceNumber = Attribute.getSingleStringValueOrEmptyString(source, TagFromName.InstanceNumber);
        Attrs.set(list, TagFromName.InstanceNumber, instanceNumber.isBlank() ? "1" : instanceNumber);
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

    /** The results series of this type in the source's study: the same UID every time, on every node. */
    static String seriesUid(AttributeList source, ResultType type) {
        return Uids.named(Attribute.getSingleStringValueOrEmptyString(source, TagFromName.StudyInstanceUID) + "/" + type);
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

    private static void copy(AttributeList from, AttributeList to, com.pixelmed.dicom.AttributeTag tag) {
        Attribute a = from.get(tag);
        if (a != null) to.put(a);
    }
}
