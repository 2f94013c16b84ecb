package org.mammoai.node.testing;

/** Finding the bytes to mutate in an encoded object. */
public final class Bytes {
    private Bytes() {}

    /** The first index of {@code pattern} in {@code data}; fails the test when it is not there. */
    public static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int k = 0; k < pattern.length; k++) if (data[i + k] != pattern[k]) continue outer;
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
