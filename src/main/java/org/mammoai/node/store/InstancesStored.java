package org.mammoai.node.store;

import java.util.List;

/**
 * CDI event: instances cataloged in one commit (fired after it; recovered files one at a time), so that the pipeline
 * can queue them in one transaction too.
 */
public record InstancesStored(List<InstanceStored> instances) {}
