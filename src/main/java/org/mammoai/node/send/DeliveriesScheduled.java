package org.mammoai.node.send;

/** CDI event, fired after the commit that scheduled deliveries: send now rather than at the next poll. */
public record DeliveriesScheduled(String studyInstanceUid) {}
