package org.mammoai.node.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our answer to an A-ASSOCIATE-RQ that passed the checks: each proposed context accepted when we take its SOP class
 * and one of its transfer syntaxes (the sender's first such choice, so images arrive as the modality encoded them),
 * and the A-ASSOCIATE-AC that says so (PS3.8 9.3.3).
 */
final class Negotiation {
    /** PS3.8 9.3.3.2 presentation context results. */
    static final int ACCEPTANCE = 0;
    static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;
    private static final String IMPLICIT_LITTLE = "1.2.840.10008.1.2";

    /** An accepted context: what the PDVs on its ID carry and how their data sets are encoded. */
    record Accepted(int id, String abstractSyntax, String transferSyntax) {}

    private record Result(int id, int result, String transferSyntax) {}

    private final byte[] aeTitleFields;
    private final List<Result> results;
    private final Map<Integer, Accepted> accepted = new LinkedHashMap<>();

    Negotiation(AssociateRequest request) throws AssociateRequest.InvalidPduException {
        this.aeTitleFields = request.aeTitleFields();
        this.results = request.presentationContexts().stream().map(this::decide).toList();
    }

    private Result decide(AssociateRequest.ProposedContext pc) {
        if (!AcceptedSyntaxes.isAcceptedAbstractSyntax(pc.abstractSyntax())) {
            return new Result(pc.id(), ABSTRACT_SYNTAX_NOT_SUPPORTED, IMPLICIT_LITTLE);
        }
        return AcceptedSyntaxes.firstAccepted(pc.transferSyntaxes()).map(ts -> {
            accepted.put(pc.id(), new Accepted(pc.id(), pc.abstractSyntax(), ts));
            return new Result(pc.id(), ACCEPTANCE, ts);
        }).orElseGet(() -> new Result(pc.id(), TRANSFER_SYNTAXES_NOT_SUPPORTED, IMPLICIT_LITTLE));
    }

    /** The accepted context with this ID, or null: the only IDs a PDV may name afterwards. */
    Accepted context(int id) {
        return accepted.get(id);
    }

    /** The A-ASSOCIATE-AC, advertising {@code maxPduLength} as the longest P-DATA-TF we take. */
    byte[] acceptPdu(int maxPduLength) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 1, 0, 0}); // protocol version 1, reserved
        body.writeBytes(aeTitleFields); // PS3.8: returned as received
        body.writeBytes(new byte[32]);
        item(body, 0x10, ascii(AssociateRequest.DICOM_APPLICATION_CONTEXT));
        for (Result r : results) {
            ByteArrayOutputStream pc = new ByteArrayOutputStream();
            pc.writeBytes(new byte[] {(byte) r.id(), 0, (byte) r.result(), 0});
            item(pc, 0x40, ascii(r.transferSyntax())); // not significant when the context is refused, but present
            item(body, 0x21, pc.toByteArray());
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, ByteBuffer.allocate(4).putInt(maxPduLength).array());
        item(user, 0x52, ascii(Implementation.CLASS_UID));
        item(user, 0x55, ascii(Implementation.VERSION_NAME));
        item(body, 0x50, user.toByteArray());
        return Pdu.of(Pdu.A_ASSOCIATE_AC, body.toByteArray());
    }

    private static void item(ByteArrayOutputStream to, int type, byte[] value) {
        to.write(type);
        to.write(0);
        to.write(value.length >> 8);
        to.write(value.length);
        to.writeBytes(value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
