package org.mammoai.node.store;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Walks every element of a received Part 10 file, without keeping any value, to prove the data set is whole:
 * each declared length fits in what is left, sequences and items close, nothing trails the last element.
 * PixelMed reads a data set leniently (a file cut short mid-header still "reads"), and the receiver must not
 * answer Success to such an object. Nothing is allocated from a declared length.
 */
final class DatasetStructure {
    static final int PIXEL_DATA = 0x7FE00010;
    private static final int ITEM = 0xFFFEE000, ITEM_END = 0xFFFEE00D, SEQUENCE_END = 0xFFFEE0DD;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int MAX_DEPTH = 16;
    private static final java.util.Set<String> KNOWN_VRS = java.util.Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD",
            "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL",
            "UN", "UR", "US", "UT", "UV");
    private static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    private static final String IMPLICIT_LITTLE = "1.2.840.10008.1.2";

    /** @param pixelDataLength the defined length of native Pixel Data, -1 when encapsulated, -2 when absent */
    record Walked(long pixelDataLength, int fragments) {
        boolean hasPixelData() {
            return pixelDataLength != -2;
        }
    }

    private final Reader in;
    private long pixelDataLength = -2;
    private int fragments;

    private DatasetStructure(Reader in) {
        this.in = in;
    }

    /** Walks the file meta information, then the data set in the transfer syntax the meta information names. */
    static Walked walk(Path file) throws MalformedInstanceException {
        try (BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Reader meta = new Reader(raw, Files.size(file));
            meta.skip(128, Long.MAX_VALUE);
            if (!"DICM".equals(new String(meta.bytes(4), java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new MalformedInstanceException("not a DICOM Part 10 file (no DICM prefix)");
            }
            String transferSyntax = null;
            while (true) {
                if (meta.atEnd()) break;
                raw.mark(2);
                if (meta.uint16() != 0x0002) { // the data set begins: give its first two bytes back
                    raw.reset();
                    meta.position -= 2;
                    break;
                }
                int element = meta.uint16();
                String vr = meta.vr();
                long length = longLength(vr) ? meta.uint32() : meta.uint16();
                if (element == 0x0010 && length <= 64) {
                    transferSyntax = new String(meta.bytes((int) length), java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "").strip();
                } else {
                    meta.skip(length, Long.MAX_VALUE);
                }
            }
            if (transferSyntax == null) throw new MalformedInstanceException("the file meta information names no transfer syntax");
            boolean deflated = DEFLATED.equals(transferSyntax);
            Reader r = deflated ? new Reader(new BufferedInputStream(new InflaterInputStream(raw, new Inflater(true))), Long.MAX_VALUE)
                    : new Reader(raw, meta.size - meta.position);
            DatasetStructure s = new DatasetStructure(r);
            s.elements(!IMPLICIT_LITTLE.equals(transferSyntax), Long.MAX_VALUE, 0, false);
            return new Walked(s.pixelDataLength, s.fragments);
        } catch (EOFException e) {
            throw new MalformedInstanceException("the data set is truncated: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MalformedInstanceException("the data set cannot be read to its end: " + e.getMessage(), e);
        }
    }

    /**
     * Elements until {@code end} (a position), the end of the stream, or, inside an item of undefined length, its
     * delimiter.
     */
    private void elements(boolean explicit, long end, int depth, boolean untilItemEnd) throws IOException {
        if (depth > MAX_DEPTH) throw new IOException("sequences nested deeper than " + MAX_DEPTH);
        while (in.position < end) {
            if (end == Long.MAX_VALUE && !untilItemEnd && in.atEnd()) return;
            int tag = in.tag();
            if (tag == ITEM_END) {
                if (!untilItemEnd || in.uint32() != 0) throw new IOException("unexpected item delimiter at byte " + in.position);
                return;
            }
            if ((tag >>> 16) == 0xFFFE) throw new IOException("unexpected item tag at byte " + in.position);
            String vr = explicit ? in.vr() : null;
            long length = explicit && !longLength(vr) ? in.uint16() : in.uint32();
            if (length == UNDEFINED) {
                if (tag == PIXEL_DATA && explicit && !"UN".equals(vr)) {
                    pixelDataLength = -1;
                    fragments();
                } else {
                    sequence(explicit && !"UN".equals(vr), UNDEFINED, depth); // UN of undefined length holds implicit VR
                }
            } else if ("SQ".equals(vr)) { // (implicit VR: a defined-length sequence is skipped whole, its length checked)
                sequence(explicit, length, depth);
            } else {
                if (tag == PIXEL_DATA) pixelDataLength = length;
                in.skip(length, end);
            }
        }
        if (in.position > end) throw new IOException("an element runs past the end of its item");
        if (untilItemEnd) throw new IOException("item without its delimiter");
    }

    private void sequence(boolean explicit, long length, int depth) throws IOException {
        long end = length == UNDEFINED ? Long.MAX_VALUE : in.position + length;
        while (length == UNDEFINED || in.position < end) {
            int tag = in.tag();
            long itemLength = in.uint32();
            if (tag == SEQUENCE_END && length == UNDEFINED) {
                if (itemLength != 0) throw new IOException("sequence delimiter with a length");
                return;
            }
            if (tag != ITEM) throw new IOException("expected an item, found (" + hex(tag) + ") at byte " + in.position);
            if (itemLength == UNDEFINED) {
                elements(explicit, Long.MAX_VALUE, depth + 1, true);
            } else {
                in.require(itemLength, end);
                elements(explicit, in.position + itemLength, depth + 1, false);
            }
        }
        if (in.position != end) throw new IOException("a sequence's items run past its length");
    }

    /** Encapsulated Pixel Data: the offset table item, one item per fragment, the sequence delimiter. */
    private void fragments() throws IOException {
        int items = 0;
        while (true) {
            int tag = in.tag();
            long length = in.uint32();
            if (tag == SEQUENCE_END) {
                fragments = Math.max(0, items - 1);
                return;
            }
            if (tag != ITEM || length == UNDEFINED) throw new IOException("encapsulated Pixel Data holds (" + hex(tag) + "), not a fragment item");
            in.skip(length, Long.MAX_VALUE);
            items++;
        }
    }

    private static boolean longLength(String vr) {
        return switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
            default -> false;
        };
    }

    private static String hex(int tag) {
        return String.format("%04X,%04X", tag >>> 16, tag & 0xFFFF);
    }

    /** Little-endian reads with a position, refusing any length beyond what is left. */
    private static final class Reader {
        private final InputStream in;
        private final long size;
        private final byte[] buffer = new byte[8192];
        long position;

        Reader(InputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        boolean atEnd() throws IOException {
            if (size != Long.MAX_VALUE) return position >= size;
            in.mark(1);
            int b = in.read();
            in.reset();
            return b < 0;
        }

        int tag() throws IOException {
            int group = uint16(), element = uint16();
            return group << 16 | element;
        }

        String vr() throws IOException {
            byte[] b = bytes(2);
            String vr = new String(b, java.nio.charset.StandardCharsets.US_ASCII);
            // an unknown VR leaves its length field's size unknown (toolkits differ): the data set cannot be trusted
            if (!KNOWN_VRS.contains(vr)) throw new IOException("unknown VR at byte " + (position - 2));
            if (longLength(vr)) bytes(2); // reserved
            return vr;
        }

        int uint16() throws IOException {
            byte[] b = bytes(2);
            return (b[0] & 0xff) | (b[1] & 0xff) << 8;
        }

        long uint32() throws IOException {
            byte[] b = bytes(4);
            return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
        }

        private byte[] bytes(int n) throws IOException {
            require(n, Long.MAX_VALUE);
            byte[] b = new byte[n];
            if (in.readNBytes(b, 0, n) < n) throw new EOFException("ends at byte " + position);
            position += n;
            return b;
        }

        void require(long n, long end) throws EOFException {
            if (position + n > Math.min(size, end)) {
                throw new EOFException("a value of " + n + " bytes at byte " + position + " runs past the end ("
                        + Math.min(size, end) + ")");
            }
        }

        /**
         * Skips a value. With a known size, {@code require} has already checked it against the file's length, so the
         * stream may seek (Pixel Data is not read back from disk); a deflated stream's size is unknown and a skip()
         * there would silently pass its end, so it is read through.
         */
        void skip(long n, long end) throws IOException {
            require(n, end);
            long left = n;
            while (left > 0) {
                long got = size != Long.MAX_VALUE ? in.skip(left) : 0;
                if (got <= 0) got = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (got < 0) throw new EOFException("a value of " + n + " bytes ends early, at byte " + (position + n - left));
                left -= got;
            }
            position += n;
        }
    }
}
