package org.mammoai.node.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy .npy version 1.0 files of little-endian float32 in C order, the format of the pretrained weights:
 * magic, version, a little-endian uint16 header length at byte 8, a Python-dict header, then the data.
 */
public record Npy(long[] shape, float[] data) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    /** Larger than any tensor we read (Conv_1 is 320x1280); guards allocation against a broken header. */
    private static final long MAX_VALUES = 1L << 28;

    public static Npy read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException(file + " is not a .npy file");
        }
        if (bytes[6] != 1) throw new IOException(file + ": .npy version " + bytes[6] + " not supported (1.0 only)");
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        if (10 + headerLength > bytes.length) throw new IOException(file + ": header runs past the end of the file");
        String header = new String(bytes, 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
            throw new IOException(file + ": only little-endian float32 in C order is supported, header " + header.trim());
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) throw new IOException(file + ": no shape in header " + header.trim());
        String[] dims = m.group(1).split(",");
        long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(d -> !d.isEmpty()).mapToLong(Long::parseLong).toArray();
        long count = 1;
        for (long d : shape) {
            if (d < 0 || (count *= d) > MAX_VALUES) throw new IOException(file + ": implausible shape " + m.group(1));
        }
        int offset = 10 + headerLength;
        if (bytes.length - offset != count * 4) {
            throw new IOException(file + ": " + (bytes.length - offset) + " data bytes for shape (" + m.group(1) + ")");
        }
        float[] data = new float[(int) count];
        ByteBuffer.wrap(bytes, offset, bytes.length - offset).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new Npy(shape, data);
    }
}
