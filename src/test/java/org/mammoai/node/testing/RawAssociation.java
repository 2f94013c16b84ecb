package org.mammoai.node.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A DICOM peer written from PS3.8 byte by byte, for sending what no toolkit would: data sets cut short or lying
 * about their pixels, mutated association requests, odd PDUs. One presentation context, one C-STORE at a time.
 */
public final class RawAssociation implements Closeable {
    public static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    public static final String EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";
    private static final String IMPLEMENTATION_CLASS = "1.2.826.0.1.3680043.10.1104.99";
    /** A C-STORE answered with no response: the node aborted or closed the association. */
    public static final int NO_RESPONSE = -1;

    private final Socket socket;
    private final DataInputStream in;
    private int messageId;

    private RawAssociation(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Opens an association proposing one context (id 1); fails unless the node accepts it. */
    public static RawAssociation open(int port, String calling, String called, String sopClass, String transferSyntax) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(15_000);
        RawAssociation a = new RawAssociation(s);
        s.getOutputStream().write(associateRequest(calling, called, APPLICATION_CONTEXT, sopClass, transferSyntax));
        byte[] answer = a.readPdu();
        if (answer[0] != 0x02) {
            a.close();
            throw new IOException("association not accepted: PDU type " + answer[0]);
        }
        if (contextResult(answer) != 0) {
            a.close();
            throw new IOException("presentation context not accepted: result " + contextResult(answer));
        }
        return a;
    }

    /** An A-ASSOCIATE-RQ (PS3.8 9.3.2) with one presentation context, id 1. */
    public static byte[] associateRequest(String calling, String called, String applicationContext, String sopClass, String transferSyntax) {
        return associateRequest(calling, called, applicationContext, 1, new int[] {1}, sopClass, transferSyntax);
    }

    /** An A-ASSOCIATE-RQ with the given protocol version and one presentation context per id (none for an empty array). */
    public static byte[] associateRequest(String calling, String called, String applicationContext, int protocolVersion,
                                          int[] contextIds, String sopClass, String transferSyntax) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        item(items, 0x10, ascii(applicationContext));
        for (int id : contextIds) {
            ByteArrayOutputStream pc = new ByteArrayOutputStream();
            pc.writeBytes(new byte[] {(byte) id, 0, 0, 0});
            item(pc, 0x30, ascii(sopClass));
            item(pc, 0x40, ascii(transferSyntax));
            item(items, 0x20, pc.toByteArray());
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, ByteBuffer.allocate(4).putInt(16384).array());
        item(user, 0x52, ascii(IMPLEMENTATION_CLASS));
        item(items, 0x50, user.toByteArray());
        ByteBuffer fixed = ByteBuffer.allocate(68);
        fixed.putShort((short) protocolVersion).putShort((short) 0).put(aeTitle(called)).put(aeTitle(calling)).put(new byte[32]);
        return pdu(0x01, concat(fixed.array(), items.toByteArray()));
    }

    /** Sends one C-STORE-RQ and the data set (as it will be on the wire); the response status, or NO_RESPONSE. */
    public int store(String sopClass, String sopInstance, byte[] dataSet) throws IOException {
        return request(0x0001, sopClass, sopInstance, dataSet);
    }

    /** Sends a request with this command field, its data set in 16 kB fragments; the response status, or NO_RESPONSE. */
    public int request(int commandField, String sopClass, String sopInstance, byte[] dataSet) throws IOException {
        write(pdv(true, true, command(commandField, sopClass, sopInstance, ++messageId)));
        for (int off = 0; off < dataSet.length || off == 0; off += 16_000) {
            int n = Math.min(16_000, dataSet.length - off);
            byte[] chunk = java.util.Arrays.copyOfRange(dataSet, off, off + n);
            if (!write(pdv(false, off + n >= dataSet.length, chunk))) return NO_RESPONSE;
            if (dataSet.length == 0) break;
        }
        try {
            byte[] answer = readPdu();
            if (answer[0] != 0x04) return NO_RESPONSE;
            return status(answer);
        } catch (IOException e) {
            return NO_RESPONSE;
        }
    }

    /** Sends raw bytes (a PDU of any kind); false when the node already closed the connection. */
    public boolean write(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The next PDU whole (header included); EOFException when the node closed the connection. */
    public byte[] readPdu() throws IOException {
        byte[] header = new byte[6];
        in.readFully(header);
        int length = ByteBuffer.wrap(header, 2, 4).getInt();
        if (length < 0 || length > 1 << 20) throw new IOException("implausible PDU length " + length);
        byte[] pdu = new byte[6 + length];
        System.arraycopy(header, 0, pdu, 0, 6);
        in.readFully(pdu, 6, length);
        return pdu;
    }

    /** Stops sending (half-close), then what the node still sends until it closes: at most {@code max} bytes. */
    public byte[] finish(int max) throws IOException {
        socket.shutdownOutput();
        return readUpTo(in, max);
    }

    /**
     * A connection that sends {@code bytes}, stops sending, and returns what the node answers until it closes (at
     * most 64 bytes; empty when it closes without a word).
     */
    public static byte[] exchange(int port, byte[] bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            try {
                s.getOutputStream().write(bytes);
                s.shutdownOutput();
            } catch (IOException closedEarly) {
                // the node may abort before reading everything we send
            }
            return readUpTo(s.getInputStream(), 64);
        }
    }

    private static byte[] readUpTo(java.io.InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[max];
        try {
            int n;
            while (out.size() < max && (n = in.read(buf, 0, max - out.size())) > 0) out.write(buf, 0, n);
        } catch (java.net.SocketException reset) {
            // a reset after the node's answer: what arrived counts
        }
        return out.toByteArray();
    }

    /** Releases (A-RELEASE-RQ, waits for the RP); false when the node ended the association otherwise. */
    public boolean release() {
        try {
            write(pdu(0x05, new byte[4]));
            return readPdu()[0] == 0x06;
        } catch (IOException e) {
            return false;
        }
    }

    /** The data set of a Part 10 file: what follows its file meta information. */
    public static byte[] dataSetOf(Path part10) throws IOException {
        byte[] f = Files.readAllBytes(part10);
        int groupLength = ByteBuffer.wrap(f, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(); // (0002,0000) UL value
        return java.util.Arrays.copyOfRange(f, 144 + groupLength, f.length);
    }

    public static byte[] pdu(int type, byte[] body) {
        return concat(ByteBuffer.allocate(6).put((byte) type).put((byte) 0).putInt(body.length).array(), body);
    }

    public static byte[] pdv(boolean command, boolean last, byte[] value) {
        return pdv(1, command, last, value);
    }

    /** A P-DATA-TF PDU with one PDV on the given presentation context. */
    public static byte[] pdv(int contextId, boolean command, boolean last, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(6 + value.length).putInt(2 + value.length).put((byte) contextId).put((byte) ((command ? 1 : 0) | (last ? 2 : 0)));
        return pdu(0x04, b.put(value).array());
    }

    /** A request command set (PS3.7 E.1) announcing a data set. */
    public static byte[] command(int commandField, String sopClass, String sopInstance, int messageId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0002, ascii(sopClass));
        element(body, 0x0100, shortValue(commandField));
        element(body, 0x0110, shortValue(messageId));
        element(body, 0x0700, shortValue(0));
        element(body, 0x0800, shortValue(0));
        element(body, 0x1000, ascii(sopInstance));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        element(all, 0x0000, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(body.size()).array());
        all.writeBytes(body.toByteArray());
        return all.toByteArray();
    }

    /** (0000,0900) of a response command PDU. */
    private static int status(byte[] pdu) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(pdu, 12, pdu.length - 12).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 8) {
            int group = b.getShort() & 0xffff, element = b.getShort() & 0xffff, length = b.getInt();
            if (group == 0 && element == 0x0900) return b.getShort() & 0xffff;
            b.position(b.position() + length);
        }
        throw new EOFException("response without a status");
    }

    private static int contextResult(byte[] ac) {
        int p = 6 + 68;
        while (p + 4 <= ac.length) {
            int type = ac[p] & 0xff, length = (ac[p + 2] & 0xff) << 8 | (ac[p + 3] & 0xff);
            if (type == 0x21) return ac[p + 6] & 0xff;
            p += 4 + length;
        }
        return -1;
    }

    private static void element(ByteArrayOutputStream out, int element, byte[] value) {
        byte[] v = value.length % 2 == 0 ? value : concat(value, new byte[1]);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0).putShort((short) element).putInt(v.length).array());
        out.writeBytes(v);
    }

    private static byte[] shortValue(int v) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) v).array();
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.writeBytes(new byte[] {(byte) type, 0, (byte) (value.length >> 8), (byte) value.length});
        out.writeBytes(value);
    }

    private static byte[] aeTitle(String title) {
        byte[] b = new byte[16];
        java.util.Arrays.fill(b, (byte) ' ');
        byte[] t = ascii(title);
        System.arraycopy(t, 0, b, 0, Math.min(16, t.length));
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
