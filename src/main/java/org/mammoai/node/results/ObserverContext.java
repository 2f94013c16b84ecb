package org.mammoai.node.results;

import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.DicomException;

/** TID 1001 observation context with a TID 1004 device observer: this node, identified by its AE-derived UID. */
record ObserverContext(String deviceUid, String deviceName) {

    void addTo(ContentTree sr, ContentItem parent) throws DicomException {
        sr.code(parent, Relationship.HAS_OBS_CONTEXT, Codes.OBSERVER_TYPE, Codes.DEVICE);
        sr.uid(parent, Relationship.HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_UID, deviceUid);
        sr.text(parent, Relationship.HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_NAME, deviceName);
        sr.text(parent, Relationship.HAS_OBS_CONTEXT, Codes.DEVICE_OBSERVER_MANUFACTURER, DerivedObject.Equipment.MANUFACTURER);
    }
}
