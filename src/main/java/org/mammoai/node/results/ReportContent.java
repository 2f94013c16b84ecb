package org.mammoai.node.results;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.util.List;

/**
 * SR building blocks both our reports use: the SR document modules around a content tree, the
 * device observer context (TID 1001/1004), algorithm identification (TID 4019) and image references.
 */
final class ReportContent {
    final ContentItemFactory factory = new ContentItemFactory();

    /** A referenced SOP instance for the evidence sequence. */
    record Reference(String seriesUid, String sopClassUid, String sopInstanceUid) {}

    ContentItem container(ContentItem parent, String relationship, CodedSequenceItem concept) throws DicomException {
        return factory.makeContainerContentItem(parent, relationship, concept, true);
    }

    ContentItem code(ContentItem parent, String relationship, CodedSequenceItem concept, CodedSequenceItem value) throws DicomException {
        return factory.makeCodeContentItem(parent, relationship, concept, value);
    }

    ContentItem text(ContentItem parent, String relationship, CodedSequenceItem concept, String value) throws DicomException {
        return factory.makeTextContentItem(parent, relationship, concept, value);
    }

    ContentItem number(ContentItem parent, String relationship, CodedSequenceItem concept, double value, CodedSequenceItem units)
            throws DicomException {
        return factory.makeNumericContentItem(parent, relationship, concept, value, units);
    }

    ContentItem image(ContentItem parent, String relationship, CodedSequenceItem concept, String sopClassUid, String sopInstanceUid,
                      int frame, int segment) throws DicomException {
        return factory.makeImageContentItem(parent, relationship, concept, sopClassUid, sopInstanceUid, frame, segment,
                null, null, null, null);
    }

    /** TID 1001 with a TID 1004 device observer: this node, identified by its AE-derived UID. */
    void deviceObserver(ContentItem root, String deviceUid, String deviceName) throws DicomException {
        code(root, "HAS OBS CONTEXT", Codes.dcm("121005", "Observer Type"), Codes.dcm("121007", "Device"));
        factory.makeUIDContentItem(root, "HAS OBS CONTEXT", Codes.dcm("121012", "Device Observer UID"), deviceUid);
        text(root, "HAS OBS CONTEXT", Codes.dcm("121013", "Device Observer Name"), deviceName);
        text(root, "HAS OBS CONTEXT", Codes.dcm("121014", "Device Observer Manufacturer"), DerivedObject.Equipment.MANUFACTURER);
    }

    /** TID 4019: algorithm name with its version as a concept modifier. */
    void algorithm(ContentItem parent, String relationship, String name, String version) throws DicomException {
        ContentItem nameItem = text(parent, relationship, Codes.dcm("111001", "Algorithm Name"), name);
        text(nameItem, "HAS CONCEPT MOD", Codes.dcm("111003", "Algorithm Version"), version);
    }

    /** The SR Document Series/General/Content modules around the tree, with every referenced instance as evidence. */
    static AttributeList document(AttributeList list, ContentItem root, String templateId, List<Reference> evidence,
                                  AttributeList source) throws DicomException {
        list.putAll(new StructuredReport(root).getAttributeList());
        AttributeList template = Attrs.item(list, TagFromName.ContentTemplateSequence);
        Attrs.set(template, TagFromName.MappingResource, "DCMR");
        Attrs.set(template, TagFromName.TemplateIdentifier, templateId);
        Attrs.emptySequence(list, TagFromName.ReferencedPerformedProcedureStepSequence);
        Attrs.emptySequence(list, TagFromName.PerformedProcedureCodeSequence);
        Attrs.set(list, TagFromName.CompletionFlag, "COMPLETE");
        Attrs.set(list, TagFromName.VerificationFlag, "UNVERIFIED");
        AttributeList study = Attrs.item(list, TagFromName.CurrentRequestedProcedureEvidenceSequence);
        Attrs.set(study, TagFromName.StudyInstanceUID, Attribute.getSingleStringValueOrEmptyString(source, TagFromName.StudyInstanceUID));
        for (String seriesUid : evidence.stream().map(Reference::seriesUid).distinct().toList()) {
            AttributeList series = Attrs.item(study, TagFromName.ReferencedSeriesSequence);
            Attrs.set(series, TagFromName.SeriesInstanceUID, seriesUid);
            for (Reference r : evidence.stream().filter(r -> r.seriesUid().equals(seriesUid)).toList()) {
                AttributeList sop = Attrs.item(series, TagFromName.ReferencedSOPSequence);
                Attrs.set(sop, TagFromName.ReferencedSOPClassUID, r.sopClassUid());
                Attrs.set(sop, TagFromName.ReferencedSOPInstanceUID, r.sopInstanceUid());
            }
        }
        return list;
    }

    /** The frame the analysis used (the first), for references into a multi-frame source; 0 = the whole single-frame image. */
    static int analysedFrame(AttributeList source) {
        return Attribute.getSingleIntegerValueOrDefault(source, TagFromName.NumberOfFrames, 1) > 1 ? 1 : 0;
    }

    static Reference sourceReference(AttributeList source) {
        return new Reference(Attribute.getSingleStringValueOrEmptyString(source, TagFromName.SeriesInstanceUID),
                Attribute.getSingleStringValueOrEmptyString(source, TagFromName.SOPClassUID),
                Attribute.getSingleStringValueOrEmptyString(source, TagFromName.SOPInstanceUID));
    }
}
