package org.mammoai.node.results;

/** SR value types (PS3.3 C.17.3.2.1) our reports use; {@link ContentTree} adds one item of each kind. */
enum ValueType {
    CONTAINER, CODE, TEXT, NUM, UIDREF, DATE, TIME, IMAGE, SCOORD
}
