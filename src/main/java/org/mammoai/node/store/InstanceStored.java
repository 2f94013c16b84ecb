package org.mammoai.node.store;

/** CDI event, fired asynchronously: an instance is durable and cataloged (after the catalog commit, also for recovered files). */
public record InstanceStored(String sopInstanceUid, String studyInstanceUid) {}
