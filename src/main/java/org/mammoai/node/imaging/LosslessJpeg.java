package org.mammoai.node.imaging;

import java.io.IOException;

/**
 * Decoder for grey JPEG lossless frames (ITU-T T.81 process 14, Annex H: Huffman-coded differences from one of seven
 * predictors), the transfer syntaxes 1.2.840.10008.1.2.4.57 and .70 that mammography devices send. PixelMed's
 * decoder reads them through ImageIO streams and takes seconds for one 2294x1914 frame (dcmtk: 0.1 s); this one works
 * on the frame's bytes in memory. It takes the common case only (one component, no restart intervals, unsigned
 * samples) and answers false for anything else, which PixelMed then decodes. The stream comes from a peer: every read
 * is bounds-checked and a damaged stream is an IOException, never an allocation sized by the stream.
 */
final class LosslessJpeg {
    private static final int SOF3 = 0xC3, DHT = 0xC4, SOS = 0xDA, DRI = 0xDD, EOI = 0xD9, SOI = 0xD8;

    private LosslessJpeg() {}

    /**
     * Decodes the frame into out (row-major, columns x rows samples as unsigned 16-bit values), or returns false when the
     * frame uses what this decoder leaves to PixelMed.
     *
     * @throws IOException when the frame is damaged or its size is not the header's
     */
    static boolean decode(byte[] frame, int columns, int rows, short[] out) throws IOException {
        if (frame.length < 4 || (frame[0] & 0xFF) != 0xFF || (frame[1] & 0xFF) != SOI) return false;
        Huffman[] huffman = new Huffman[4];
        int precision = 0, width = 0, height = 0;
        int i = 2;
        while (true) {
            if (i + 4 > frame.length) throw new IOException("JPEG lossless stream ends before its scan");
            if ((frame[i] & 0xFF) != 0xFF) throw new IOException("JPEG lossless stream: marker expected at byte " + i);
            int marker = frame[i + 1] & 0xFF;
            if (marker == 0xFF) { i++; continue; } // fill byte
            int length = u16(frame, i + 2);
            if (length < 2 || i + 2 + length > frame.length) throw new IOException("JPEG lossless stream: segment beyond the end at byte " + i);
            int p = i + 4, end = i + 2 + length;
            switch (marker) {
                case SOF3 -> {
                    if (length < 11) throw new IOException("JPEG lossless stream: short frame header");
                    precision = frame[p] & 0xFF;
                    height = u16(frame, p + 1);
                    width = u16(frame, p + 3);
                    if ((frame[p + 5] & 0xFF) != 1) return false; // colour: PixelMed
                    if (precision < 2 || precision > 16) throw new IOException("JPEG lossless stream: precision " + precision);
                    if (width != columns || (height != rows && height != 0)) {
                        throw new IOException("JPEG lossless frame is " + width + "x" + height + ", the header says " + columns + "x" + rows);
                    }
                }
                case DHT -> {
                    while (p < end) {
                        int id = frame[p] & 0x0F, tableClass = (frame[p] & 0xF0) >> 4;
                        if (p + 17 > end) throw new IOException("JPEG lossless stream: short Huffman table");
                        int count = 0;
                        for (int k = 1; k <= 16; k++) count += frame[p + k] & 0xFF;
                        if (p + 17 + count > end || count > 256) throw new IOException("JPEG lossless stream: Huffman table beyond its segment");
                        if (tableClass == 0) huffman[id & 3] = Huffman.of(frame, p + 1, p + 17, count);
                        p += 17 + count;
                    }
                }
                case DRI -> {
                    if (length >= 4 && u16(frame, p) != 0) return false; // restart intervals: PixelMed
                }
                case SOS -> {
                    if (precision == 0) throw new IOException("JPEG lossless stream: scan before the frame header");
                    if (length < 8 || (frame[p] & 0xFF) != 1) return false;
                    Huffman table = huffman[(frame[p + 2] & 0xF0) >> 4 & 3];
                    int predictor = frame[p + 3] & 0xFF, pointTransform = frame[p + 5] & 0x0F;
                    if (table == null || predictor < 1 || predictor > 7) throw new IOException("JPEG lossless stream: scan without its Huffman table or with predictor " + predictor);
                    scan(frame, end, columns, rows, precision, predictor, pointTransform, table, out);
                    return true;
                }
                case SOI, EOI -> throw new IOException("JPEG lossless stream: unexpected marker " + Integer.toHexString(marker));
                default -> {
                    if (marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != 0xC8 && marker != 0xCC) return false; // another process
                }
            }
            i = end;
        }
    }

    private static void scan(byte[] frame, int start, int columns, int rows, int precision, int predictor, int pointTransform,
                             Huffman table, short[] out) throws IOException {
        Bits bits = new Bits(frame, start);
        int mask = 0xFFFF, first = 1 << (precision - pointTransform - 1);
        for (int r = 0; r < rows; r++) {
            int row = r * columns;
            for (int c = 0; c < columns; c++) {
                int prediction;
                if (r == 0) prediction = c == 0 ? first : out[row + c - 1] & mask;
                else if (c == 0) prediction = out[row - columns] & mask;
                else {
                    int a = out[row + c - 1] & mask, b = out[row - columns + c] & mask, d = out[row - columns + c - 1] & mask;
                    prediction = switch (predictor) {
                        case 1 -> a;
                        case 2 -> b;
                        case 3 -> d;
                        case 4 -> a + b - d;
                        case 5 -> a + ((b - d) >> 1);
                        case 6 -> b + ((a - d) >> 1);
                        default -> (a + b) >> 1;
                    };
                }
                int size = table.decode(bits);
                int difference;
                if (size == 0) difference = 0;
                else if (size == 16) difference = 32768;
                else {
                    difference = bits.read(size);
                    if (difference < 1 << (size - 1)) difference -= (1 << size) - 1; // T.81 F.2.2.1 EXTEND
                }
                out[row + c] = (short) ((prediction + difference) & mask);
            }
        }
        if (pointTransform > 0) {
            for (int k = 0; k < rows * columns; k++) out[k] = (short) ((out[k] & mask) << pointTransform);
        }
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    /** Entropy-coded bits, MSB first, with stuffed zero bytes removed; a marker or the end reads as 1 bits (T.81 F.2.2.5). */
    private static final class Bits {
        private final byte[] data;
        private int position, buffer, count, padding;

        Bits(byte[] data, int position) {
            this.data = data;
            this.position = position;
        }

        /** Makes at least n (<= 24) bits available. */
        private void fill(int n) throws IOException {
            while (count < n) {
                int next;
                if (position < data.length && !(data[position] == (byte) 0xFF && position + 1 < data.length && data[position + 1] != 0)) {
                    next = data[position++] & 0xFF;
                    if (next == 0xFF) position++; // the stuffed 0x00
                } else { // a marker or the end: a damaged or short stream runs out after a few padding bytes
                    if (++padding > 4) throw new IOException("JPEG lossless stream ends in the middle of its scan");
                    next = 0xFF;
                }
                buffer = buffer << 8 | next;
                count += 8;
            }
        }

        int peek(int n) throws IOException {
            fill(n);
            return (buffer >>> (count - n)) & ((1 << n) - 1);
        }

        void skip(int n) {
            count -= n;
        }

        int read(int n) throws IOException {
            int v = peek(n);
            skip(n);
            return v;
        }
    }

    /** A DHT table for categories 0..16: a 9-bit lookup for short codes, canonical limits for the rest (T.81 C, F.2.2.3). */
    private static final class Huffman {
        private static final int LOOKUP_BITS = 9;
        private final int[] lookup = new int[1 << LOOKUP_BITS]; // length << 8 | symbol, 0 when longer than LOOKUP_BITS
        private final int[] maxCode = new int[18], valueOffset = new int[18];
        private final int[] symbols;

        private Huffman(int[] symbols) {
            this.symbols = symbols;
        }

        static Huffman of(byte[] b, int countsAt, int symbolsAt, int total) throws IOException {
            int[] symbols = new int[total];
            for (int k = 0; k < total; k++) symbols[k] = b[symbolsAt + k] & 0xFF;
            Huffman h = new Huffman(symbols);
            int code = 0, k = 0;
            for (int length = 1; length <= 16; length++) {
                int n = b[countsAt + length - 1] & 0xFF;
                h.valueOffset[length] = k - code;
                for (int j = 0; j < n; j++, k++, code++) {
                    if (code >= 1 << length) throw new IOException("JPEG lossless stream: Huffman table with too many codes");
                    if (length <= LOOKUP_BITS) {
                        int shift = LOOKUP_BITS - length;
                        for (int fill = 0; fill < 1 << shift; fill++) h.lookup[code << shift | fill] = length << 8 | symbols[k];
                    }
                }
                h.maxCode[length] = n == 0 ? -1 : code - 1;
                code <<= 1;
            }
            h.maxCode[17] = Integer.MAX_VALUE;
            return h;
        }

        int decode(Bits bits) throws IOException {
            int entry = lookup[bits.peek(LOOKUP_BITS)];
            if (entry != 0) {
                bits.skip(entry >> 8);
                return check(entry & 0xFF);
            }
            int code = bits.read(LOOKUP_BITS);
            for (int length = LOOKUP_BITS + 1; length <= 16; length++) {
                code = code << 1 | bits.read(1);
                if (maxCode[length] >= 0 && code <= maxCode[length]) {
                    int index = code + valueOffset[length];
                    if (index < 0 || index >= symbols.length) break;
                    return check(symbols[index]);
                }
            }
            throw new IOException("JPEG lossless stream: a code that is not in its Huffman table");
        }

        private static int check(int category) throws IOException {
            if (category > 16) throw new IOException("JPEG lossless stream: difference category " + category);
            return category;
        }
    }
}
