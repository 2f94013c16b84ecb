package org.mammoai.node.store;

/**
 * An instance that is durable and cataloged; its modality and SOP class let the pipeline tell at once whether it
 * analyses such an object at all. Announced in {@link InstancesStored}.
 */
public record InstanceStored(String sopInstanceUid, String studyInstanceUid, String modality, String sopClassUid) {

    static InstanceStored of(InstanceHeader header) {
        return new InstanceStored(header.sopInstanceUid(), header.studyInstanceUid(), header.modality(), header.sopClassUid());
    }
}
