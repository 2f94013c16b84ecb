package org.mammoai.node.imaging;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** An 8-bit grayscale picture for people to look at (the overlay's background), row-major. */
public record GrayImage(int width, int height, byte[] pixels) {
    private static final int MAGIC = 0x4D475931; // "MGY1"
    /** A display image is at most 2048 on its longer side; anything larger in a file is not ours. */
    private static final long MAX_PIXELS = 2048L * 2048;

    /** Kept as it is (a small header and the bytes): a few ms, where encoding a PNG takes a few hundred. */
    public void write(Path file) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(12).putInt(MAGIC).putInt(width).putInt(height);
        byte[] out = new byte[12 + pixels.length];
        System.arraycopy(header.array(), 0, out, 0, 12);
        System.arraycopy(pixels, 0, out, 12, pixels.length);
        Files.write(file, out);
    }

    public static GrayImage read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            int magic = data.readInt(), width = data.readInt(), height = data.readInt();
            if (magic != MAGIC || width < 1 || height < 1 || (long) width * height > MAX_PIXELS
                    || Files.size(file) != 12L + (long) width * height) {
                throw new IOException(file + " is not a display image");
            }
            byte[] pixels = new byte[width * height];
            data.readFully(pixels);
            return new GrayImage(width, height, pixels);
        }
    }
}
