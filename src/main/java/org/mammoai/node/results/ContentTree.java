package org.mammoai.node.results;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SR content tree under construction, one method per value type, that refuses the relationship the
 * SR IODs forbid and our first CAD report made (CONTAINS from anything but a CONTAINER), and wraps the
 * finished tree in the SR document modules.
 */
final class ContentTree {
    private final ContentItemFactory factory = new ContentItemFactory();
    private final Map<ContentItem, ValueType> types = new IdentityHashMap<>();
    final ContentItem root;

    /** A referenced SOP instance for the evidence sequence. */
    record Reference(String seriesUid, String sopClassUid, String sopInstanceUid) {}

    ContentTree(Code title) throws DicomException {
        root = factory.makeContainerContentItem(null, null, title.item(), true);
        types.put(root, ValueType.CONTAINER);
    }

    ContentItem container(ContentItem parent, Relationship r, Code concept) throws DicomException {
        return add(parent, r, ValueType.CONTAINER, factory.makeContainerContentItem(parent, r.dicom, concept.item(), true));
    }

    ContentItem code(ContentItem parent, Relationship r, Code concept, Code value) throws DicomException {
        return add(parent, r, ValueType.CODE, factory.makeCodeContentItem(parent, r.dicom, concept.item(), value.item()));
    }

    ContentItem text(ContentItem parent, Relationship r, Code concept, String value) throws DicomException {
        return add(parent, r, ValueType.TEXT, factory.makeTextContentItem(parent, r.dicom, concept.item(), value));
    }

    ContentItem number(ContentItem parent, Relationship r, Code concept, double value, Code units) throws DicomException {
        return add(parent, r, ValueType.NUM, factory.makeNumericContentItem(parent, r.dicom, concept.item(), value, units.item()));
    }

    ContentItem uid(ContentItem parent, Relationship r, Code concept, String uid) throws DicomException {
        return add(parent, r, ValueType.UIDREF, factory.makeUIDContentItem(parent, r.dicom, concept.item(), uid));
    }

    ContentItem date(ContentItem parent, Relationship r, Code concept, String date) throws DicomException {
        return add(parent, r, ValueType.DATE, factory.makeDateContentItem(parent, r.dicom, concept.item(), date));
    }

    ContentItem time(ContentItem parent, Relationship r, Code concept, String time) throws DicomException {
        return add(parent, r, ValueType.TIME, factory.makeTimeContentItem(parent, r.dicom, concept.item(), time));
    }

    /** @param concept null for an unnamed image (image library entries, SELECTED FROM) */
    ContentItem image(ContentItem parent, Relationship r, Code concept, String sopClassUid, String sopInstanceUid, int frame,
                      int segment) throws DicomException {
        return add(parent, r, ValueType.IMAGE, factory.makeImageContentItem(parent, r.dicom, concept == null ? null : concept.item(),
                sopClassUid, sopInstanceUid, frame, segment, null, null, null, null));
    }

    /** A point or polyline on an image, selected from it. */
    ContentItem scoord(ContentItem parent, Relationship r, Code concept, String graphicType, float[] data, Reference image,
                       int frame) throws DicomException {
        ContentItem item = add(parent, r, ValueType.SCOORD,
                factory.makeSpatialCoordinatesContentItem(parent, r.dicom, concept.item(), graphicType, data));
        image(item, Relationship.SELECTED_FROM, null, image.sopClassUid(), image.sopInstanceUid(), frame, 0);
        return item;
    }

    private ContentItem add(ContentItem parent, Relationship r, ValueType type, ContentItem item) {
        if (r == Relationship.CONTAINS && types.get(parent) != ValueType.CONTAINER) {
            throw new IllegalStateException("CONTAINS only from a CONTAINER, not from " + types.get(parent) + " " + parent);
        }
        types.put(item, type);
        return item;
    }

    /** The SR Document Series/General/Content modules around the tree, with every referenced instance as evidence. */
    AttributeList document(AttributeList header, String templateId, String studyUid, List<Reference> evidence) throws DicomException {
        header.putAll(new StructuredReport(root).getAttributeList());
        AttributeList template = Attrs.item(header, TagFromName.ContentTemplateSequence);
        Attrs.set(template, TagFromName.MappingResource, "DCMR");
        Attrs.set(template, TagFromName.TemplateIdentifier, templateId);
        Attrs.emptySequence(header, TagFromName.ReferencedPerformedProcedureStepSequence);
        Attrs.emptySequence(header, TagFromName.PerformedProcedureCodeSequence);
        Attrs.set(header, TagFromName.CompletionFlag, "COMPLETE");
        Attrs.set(header, TagFromName.VerificationFlag, "UNVERIFIED");
        references(header, TagFromName.CurrentRequestedProcedureEvidenceSequence, studyUid, evidence);
        return header;
    }

    /** A Hierarchical SOP Instance Reference Macro sequence (evidence, predecessor documents): study, series, instances. */
    static void references(AttributeList list, com.pixelmed.dicom.AttributeTag sequence, String studyUid, List<Reference> refs)
            throws DicomException {
        AttributeList study = Attrs.item(list, sequence);
        Attrs.set(study, TagFromName.StudyInstanceUID, studyUid);
        for (String seriesUid : refs.stream().map(Reference::seriesUid).distinct().toList()) {
            AttributeList series = Attrs.item(study, TagFromName.ReferencedSeriesSequence);
            Attrs.set(series, TagFromName.SeriesInstanceUID, seriesUid);
            for (Reference r : refs.stream().filter(r -> r.seriesUid().equals(seriesUid)).toList()) {
                AttributeList sop = Attrs.item(series, TagFromName.ReferencedSOPSequence);
                Attrs.set(sop, TagFromName.ReferencedSOPClassUID, r.sopClassUid());
                Attrs.set(sop, TagFromName.ReferencedSOPInstanceUID, r.sopInstanceUid());
            }
        }
    }

    static String text(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }
}
