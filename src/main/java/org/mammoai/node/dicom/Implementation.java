package org.mammoai.node.dicom;

/** How this node names itself in association negotiation and in the meta header of the files it receives (PS3.7 D.3.3.2). */
public final class Implementation {
    /** Our own UID under the 2.25 root (PS3.5 B.2), made once for this implementation. */
    public static final String CLASS_UID = "2.25.53526168052254621851111616356620511442";
    public static final String VERSION_NAME = "MAMMOAI_NODE_1";

    private Implementation() {}
}
