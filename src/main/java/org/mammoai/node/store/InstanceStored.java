package org.mammoai.node.store;

/** CDI event: an instance is durable and cataloged (fired after the catalog commit, also for recovered files). */
public record InstanceStored(String sopInstanceUid, String studyInstanceUid) {}
