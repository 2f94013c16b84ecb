package org.mammoai.node.dicom;

/** The A-ASSOCIATE-RJ reasons this node gives (PS3.8 9.3.4), with the 10-byte PDU for each. */
enum AssociateReject {
    CALLING_AE_NOT_RECOGNIZED(1, 1, 3, "calling AE title not recognized"),
    CALLED_AE_NOT_RECOGNIZED(1, 1, 7, "called AE title not recognized"),
    LOCAL_LIMIT_EXCEEDED(2, 3, 2, "too many concurrent associations"),
    PROTOCOL_VERSION_NOT_SUPPORTED(1, 2, 2, "protocol version not supported"),
    APPLICATION_CONTEXT_NOT_SUPPORTED(1, 1, 2, "application context name not supported"),
    BAD_PRESENTATION_CONTEXTS(1, 1, 1, "no presentation context, or context IDs even or repeated"),
    /** Transient: the modality keeps the images and retries; nothing is accepted that could not be stored. */
    SPOOL_FULL(2, 3, 1, "temporary congestion: the spool's disk is below its free-space minimum");

    final String description;
    private final byte result;
    private final byte source;
    private final byte reason;

    AssociateReject(int result, int source, int reason, String description) {
        this.result = (byte) result;
        this.source = (byte) source;
        this.reason = (byte) reason;
        this.description = description;
    }

    byte[] pdu() {
        return new byte[] {0x03, 0, 0, 0, 0, 4, 0, result, source, reason};
    }

    /** Metric tag value. */
    String tag() {
        return name().toLowerCase().replace('_', '-');
    }
}
