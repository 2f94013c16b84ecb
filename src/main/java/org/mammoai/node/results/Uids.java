package org.mammoai.node.results;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** UIDs under the 2.25 root (PS3.5 B.2): no registered org root needed. */
final class Uids {
    private Uids() {}

    static String random() {
        return of(UUID.randomUUID());
    }

    /** The same name always gives the same UID, e.g. one results series per study and result type across restarts. */
    static String named(String name) {
        return of(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    private static String of(UUID uuid) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, b.array());
    }
}
