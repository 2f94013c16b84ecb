package org.mammoai.node.send;

/** PENDING until the destination acknowledges (SENT) or retries run out (DEAD, until a manual resend). */
public enum DeliveryState { PENDING, SENT, DEAD }
