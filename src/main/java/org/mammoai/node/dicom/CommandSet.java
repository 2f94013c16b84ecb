package org.mammoai.node.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A DIMSE command set (PS3.7 E.1): group 0000 elements, always implicit VR little endian. */
final class CommandSet {
    static final int C_STORE_RQ = 0x0001;
    static final int C_STORE_RSP = 0x8001;
    static final int C_ECHO_RQ = 0x0030;
    static final int C_CANCEL_RQ = 0x0FFF;
    /** (0000,0800) value meaning no data set follows. */
    static final int NO_DATA_SET = 0x0101;

    static final int SUCCESS = 0x0000;
    static final int PROCESSING_FAILURE = 0x0110;
    static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    static final int UNRECOGNIZED_OPERATION = 0x0211;
    static final int OUT_OF_RESOURCES = 0xA700;
    static final int CANNOT_UNDERSTAND = 0xC000;

    private static final int AFFECTED_SOP_CLASS = 0x0002;
    private static final int COMMAND_FIELD = 0x0100;
    private static final int MESSAGE_ID = 0x0110;
    private static final int MESSAGE_ID_RESPONDED_TO = 0x0120;
    private static final int DATA_SET_TYPE = 0x0800;
    private static final int STATUS = 0x0900;
    private static final int AFFECTED_SOP_INSTANCE = 0x1000;

    private final Map<Integer, byte[]> elements;

    private CommandSet(Map<Integer, byte[]> elements) {
        this.elements = elements;
    }

    /** A command that does not parse as group 0000 elements ending exactly at its end. */
    static final class InvalidCommandException extends Exception {
        InvalidCommandException(String message) {
            super(message);
        }
    }

    static CommandSet parse(byte[] b) throws InvalidCommandException {
        Map<Integer, byte[]> elements = new HashMap<>();
        int p = 0;
        while (p < b.length) {
            if (p + 8 > b.length) throw new InvalidCommandException("an element header runs past the command");
            int group = u16(b, p), element = u16(b, p + 2);
            long length = (b[p + 4] & 0xffL) | (b[p + 5] & 0xff) << 8 | (b[p + 6] & 0xff) << 16 | (long) (b[p + 7] & 0xff) << 24;
            if (group != 0) throw new InvalidCommandException("a command element outside group 0000");
            if (p + 8 + length > b.length) throw new InvalidCommandException("element (0000," + String.format("%04X", element) + ") runs past the command");
            elements.put(element, java.util.Arrays.copyOfRange(b, p + 8, p + 8 + (int) length));
            p += 8 + (int) length;
        }
        CommandSet c = new CommandSet(elements);
        if (c.ushort(COMMAND_FIELD) < 0 || c.ushort(DATA_SET_TYPE) < 0) throw new InvalidCommandException("command field or data set type missing");
        return c;
    }

    int commandField() {
        return ushort(COMMAND_FIELD);
    }

    /** The message ID, or 0 when absent (the response then answers 0). */
    int messageId() {
        return Math.max(0, ushort(MESSAGE_ID));
    }

    boolean hasDataSet() {
        return ushort(DATA_SET_TYPE) != NO_DATA_SET;
    }

    /** Peer data: checked by whoever uses it. */
    String affectedSopClass() {
        return uid(AFFECTED_SOP_CLASS);
    }

    String affectedSopInstance() {
        return uid(AFFECTED_SOP_INSTANCE);
    }

    /** The response to a request: its command field with the response bit, the same SOP class and instance, the status. */
    static byte[] response(CommandSet request, int status) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        putUid(body, AFFECTED_SOP_CLASS, request.affectedSopClass());
        putUShort(body, COMMAND_FIELD, request.commandField() | 0x8000);
        putUShort(body, MESSAGE_ID_RESPONDED_TO, request.messageId());
        putUShort(body, DATA_SET_TYPE, NO_DATA_SET);
        putUShort(body, STATUS, status);
        if (request.elements.containsKey(AFFECTED_SOP_INSTANCE)) putUid(body, AFFECTED_SOP_INSTANCE, request.affectedSopInstance());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, 0x0000, 4);
        writeLe(out, body.size(), 4);
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private int ushort(int element) {
        byte[] v = elements.get(element);
        return v == null || v.length != 2 ? -1 : u16(v, 0);
    }

    private String uid(int element) {
        byte[] v = elements.get(element);
        return v == null ? "" : new String(v, StandardCharsets.US_ASCII).replaceAll("[\\x00 ]+$", "");
    }

    private static void putUShort(ByteArrayOutputStream out, int element, int value) {
        header(out, element, 2);
        writeLe(out, value, 2);
    }

    private static void putUid(ByteArrayOutputStream out, int element, String uid) {
        byte[] v = uid.getBytes(StandardCharsets.US_ASCII);
        int padded = v.length + (v.length & 1);
        header(out, element, padded);
        out.writeBytes(v);
        if (padded > v.length) out.write(0);
    }

    private static void header(ByteArrayOutputStream out, int element, int length) {
        writeLe(out, 0, 2);
        writeLe(out, element, 2);
        writeLe(out, length, 4);
    }

    private static void writeLe(ByteArrayOutputStream out, int value, int bytes) {
        for (int i = 0; i < bytes; i++) out.write(value >>> (8 * i));
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
