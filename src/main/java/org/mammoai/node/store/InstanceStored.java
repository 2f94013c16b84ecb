package org.mammoai.node.store;

/**
 * CDI event: an instance is durable and cataloged (fired after the catalog commit, also for recovered files). Its
 * modality and SOP class let the pipeline tell at once whether it analyses such an object at all.
 */
public record InstanceStored(String sopInstanceUid, String studyInstanceUid, String modality, String sopClassUid) {}
