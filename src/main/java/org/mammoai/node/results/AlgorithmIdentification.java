package org.mammoai.node.results;

import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.DicomException;

/** TID 4019: the model's name and version, two items with the relationship of the template that includes it. */
record AlgorithmIdentification(String name, String version) {

    void addTo(ContentTree sr, ContentItem parent, Relationship r) throws DicomException {
        sr.text(parent, r, Codes.ALGORITHM_NAME, name);
        sr.text(parent, r, Codes.ALGORITHM_VERSION, version);
    }
}
