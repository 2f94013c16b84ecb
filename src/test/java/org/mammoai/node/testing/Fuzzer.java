package org.mammoai.node.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of what a peer sends: random bytes, damaged A-ASSOCIATE-RQs, damaged P-DATA-TF PDUs and damaged
 * data sets. The same seed gives the same cases, so a failing case can be replayed.
 */
public final class Fuzzer {
    private final Random random;

    public Fuzzer(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** 1 to 2000 random bytes, sometimes starting like a PDU so they get past the first byte. */
    public byte[] rawBytes() {
        byte[] b = new byte[1 + random.nextInt(2000)];
        random.nextBytes(b);
        if (random.nextBoolean()) b[0] = (byte) (1 + random.nextInt(7));
        return b;
    }

    /** A copy with 1 to 4 mutations: flipped, zeroed or saturated bytes, a cut, inserted bytes, a wrong length field. */
    public byte[] mutate(byte[] original, int protectedPrefix) {
        byte[] b = original.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && b.length > protectedPrefix; m++) {
            int at = protectedPrefix + random.nextInt(b.length - protectedPrefix);
            switch (random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = 0;
                case 2 -> b[at] = (byte) 0xFF;
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> {
                    byte[] inserted = new byte[1 + random.nextInt(16)];
                    random.nextBytes(inserted);
                    byte[] out = new byte[b.length + inserted.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(inserted, 0, out, at, inserted.length);
                    System.arraycopy(b, at, out, at + inserted.length, b.length - at);
                    b = out;
                }
                default -> { // a length field: 2 or 4 bytes set to a boundary value
                    int width = random.nextBoolean() ? 2 : 4;
                    if (at + width > b.length) break;
                    long[] values = {0, 1, 0x7F, 0xFFFF, 0x7FFFFFF0L, 0xFFFFFFFFL, random.nextInt(1 << 20)};
                    long v = values[random.nextInt(values.length)];
                    for (int k = 0; k < width; k++) b[at + k] = (byte) (v >>> (8 * k));
                }
            }
        }
        return b;
    }

    /** A P-DATA-TF PDU whose header or PDV item is damaged: lengths, context ID, message control header. */
    public byte[] damagedPData(byte[] commandOrData) {
        byte[] pdu = RawAssociation.pdv(random.nextBoolean(), random.nextBoolean(), commandOrData);
        switch (random.nextInt(5)) {
            case 0 -> ByteBuffer.wrap(pdu, 2, 4).putInt(random.nextInt(1 << 24)); // PDU length
            case 1 -> ByteBuffer.wrap(pdu, 6, 4).putInt(random.nextBoolean() ? 0 : random.nextInt(1 << 24)); // PDV length
            case 2 -> pdu[10] = (byte) random.nextInt(256); // presentation context ID
            case 3 -> pdu[11] = (byte) random.nextInt(256); // message control header
            default -> pdu[0] = (byte) random.nextInt(256); // PDU type
        }
        return pdu;
    }
}
