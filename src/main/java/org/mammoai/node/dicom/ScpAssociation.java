package org.mammoai.node.dicom;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.mammoai.node.store.ReceivedFileNames;

/**
 * One accepted association, from our A-ASSOCIATE-AC to its end: C-ECHO and C-STORE (PS3.7 9.3, PS3.8 9.3). A received
 * data set streams into its file in the association's incoming folder as it arrives, on this thread; the object is
 * stored (durably) before its C-STORE-RSP. Everything the peer sends is checked before it is used: PDU and PDV lengths
 * against what we advertised and what contains them, context IDs against the accepted ones, the command's size.
 * A peer that breaks the protocol gets an A-ABORT with the reason; a refused object only a failure status.
 */
final class ScpAssociation {
    /** Release and abort PDUs are 4 bytes long; anything this long is not one. */
    private static final int MAX_OTHER_PDU = 1 << 16;
    private static final int BUFFER = 1 << 16;
    /** A command set is a few hundred bytes; a command fragment is read into the buffer whole. */
    private static final int MAX_COMMAND = BUFFER;
    /**
     * A large object's pages are handed to the disk in steps of this size while the rest still arrives (fdatasync on
     * another thread), so the fsync before its response has only the last step left: 15 ms of a 9 MB file's fsync
     * here. Small objects (one step or less) are not affected.
     */
    static final int WRITEBACK_STEP = 2 << 20;

    /** How an association ended, for the listener's one log line. */
    enum End { RELEASED, ABORTED_BY_PEER, CLOSED_BY_PEER, REFUSED, IDLE }

    /** @param partial an object was arriving when it ended (its file is discarded with the incoming folder) */
    record Outcome(End end, String detail, boolean partial) {}

    /** The association is ended by us with an A-ABORT already sent. */
    private static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Negotiation negotiation;
    private final int maxPduLength;
    private final String callingAeTitle;
    private final Path incoming;
    private final ReceivedInstanceHandler handler;
    private final ExecutorService writeback;
    private final byte[] buffer = new byte[BUFFER];
    private final byte[] pdvHeader = new byte[6];
    private final java.io.ByteArrayOutputStream command = new java.io.ByteArrayOutputStream();
    private Transfer transfer;

    ScpAssociation(Socket socket, Negotiation negotiation, int maxPduLength, String callingAeTitle, Path incoming,
                   ReceivedInstanceHandler handler, ExecutorService writeback) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER));
        this.out = socket.getOutputStream();
        this.negotiation = negotiation;
        this.maxPduLength = maxPduLength;
        this.callingAeTitle = callingAeTitle;
        this.incoming = incoming;
        this.handler = handler;
        this.writeback = writeback;
    }

    /** Accepts, then serves until the peer releases or aborts, the connection breaks or we refuse what came. */
    Outcome run() throws IOException {
        send(negotiation.acceptPdu(maxPduLength));
        try {
            while (true) {
                int type = in.read();
                if (type < 0) return ended(End.CLOSED_BY_PEER, null);
                in.readByte();
                long length = in.readInt() & 0xffffffffL;
                switch (type) {
                    case Pdu.P_DATA_TF -> {
                        if (length > maxPduLength) refuseLength(type, length, maxPduLength);
                        readPData(length);
                    }
                    case Pdu.A_RELEASE_RQ -> {
                        skipBody(type, length);
                        if (transfer != null) refuse(Pdu.UNEXPECTED_PDU, "an A-RELEASE-RQ in the middle of an object");
                        handler.awaitCataloged();
                        send(Pdu.releaseResponse());
                        return ended(End.RELEASED, null);
                    }
                    case Pdu.A_ABORT -> {
                        return ended(End.ABORTED_BY_PEER, null);
                    }
                    default -> refuse(Pdu.UNEXPECTED_PDU, "unexpected PDU type 0x" + Integer.toHexString(type) + " during the association");
                }
            }
        } catch (RefusedException e) {
            return ended(End.REFUSED, e.getMessage());
        } catch (SocketTimeoutException e) {
            sendQuietly(Pdu.abort(0));
            // the timeout this association had: the configuration may have changed since it started
            return ended(End.IDLE, "nothing received for " + socket.getSoTimeout() / 1000 + " s");
        } catch (EOFException | SocketException e) {
            return ended(End.CLOSED_BY_PEER, null); // cut mid-PDU, or reset
        }
    }

    private Outcome ended(End end, String detail) {
        boolean partial = transfer != null && transfer.file != null;
        if (transfer != null) transfer.abandon();
        return new Outcome(end, detail, partial);
    }

    private void readPData(long length) throws IOException {
        long left = length;
        while (left > 0) {
            if (left < pdvHeader.length) refuse(Pdu.INVALID_PDU_PARAMETER, "a PDV item runs past its P-DATA-TF PDU");
            in.readFully(pdvHeader);
            left -= pdvHeader.length;
            long itemLength = Pdu.uint32(pdvHeader, 0);
            if (itemLength < 2 || itemLength - 2 > left) {
                refuse(Pdu.INVALID_PDU_PARAMETER, "a PDV item declares " + itemLength + " bytes, not within its P-DATA-TF PDU");
            }
            int contextId = pdvHeader[4] & 0xff;
            Negotiation.Accepted context = negotiation.context(contextId);
            if (context == null) refuse(Pdu.INVALID_PDU_PARAMETER, "a PDV on presentation context " + contextId + ", which was not accepted");
            int value = (int) (itemLength - 2);
            left -= value;
            boolean isCommand = (pdvHeader[5] & 0x01) != 0, last = (pdvHeader[5] & 0x02) != 0;
            if (isCommand) {
                commandFragment(context, value, last);
            } else {
                dataFragment(context, value, last);
            }
        }
    }

    private void commandFragment(Negotiation.Accepted context, int length, boolean last) throws IOException {
        if (transfer != null) refuse(Pdu.UNEXPECTED_PDU_PARAMETER, "a command fragment while a data set was arriving");
        if (command.size() + (long) length > MAX_COMMAND) refuse(Pdu.INVALID_PDU_PARAMETER, "a command set longer than " + MAX_COMMAND + " bytes");
        in.readFully(buffer, 0, length); // length <= MAX_COMMAND == buffer's size, checked above
        command.write(buffer, 0, length);
        if (!last) return;
        byte[] whole = command.toByteArray();
        command.reset();
        CommandSet request;
        try {
            request = CommandSet.parse(whole);
        } catch (CommandSet.InvalidCommandException e) {
            refuse(Pdu.INVALID_PDU_PARAMETER, "an unreadable command: " + e.getMessage());
            return;
        }
        onCommand(context, request);
    }

    private void onCommand(Negotiation.Accepted context, CommandSet request) throws IOException {
        int field = request.commandField();
        if (field == CommandSet.C_CANCEL_RQ) return; // PS3.7 9.3.2.3: never answered; we have no pending operation to cancel
        if ((field & 0x8000) != 0) refuse(Pdu.UNEXPECTED_PDU_PARAMETER, "a response (command 0x" + Integer.toHexString(field) + ") sent to us");
        if (field == CommandSet.C_STORE_RQ && request.hasDataSet()) {
            if (!request.affectedSopClass().equals(context.abstractSyntax())) {
                transfer = Transfer.discarding(context, request, CommandSet.SOP_CLASS_NOT_SUPPORTED);
            } else {
                Path file = incoming.resolve(ReceivedFileNames.forUid(request.affectedSopInstance()));
                transfer = Transfer.toFile(context, request, file, FileMetaHeader.of(request.affectedSopClass(),
                        request.affectedSopInstance(), context.transferSyntax(), callingAeTitle), writeback);
            }
        } else if (request.hasDataSet()) {
            transfer = Transfer.discarding(context, request, CommandSet.UNRECOGNIZED_OPERATION);
        } else if (field == CommandSet.C_ECHO_RQ) {
            respond(context, request, CommandSet.SUCCESS);
        } else {
            respond(context, request, field == CommandSet.C_STORE_RQ ? CommandSet.CANNOT_UNDERSTAND : CommandSet.UNRECOGNIZED_OPERATION);
        }
    }

    private void dataFragment(Negotiation.Accepted context, int length, boolean last) throws IOException {
        if (transfer == null) refuse(Pdu.UNEXPECTED_PDU_PARAMETER, "a data set fragment without a command before it");
        if (transfer.context.id() != context.id()) refuse(Pdu.UNEXPECTED_PDU_PARAMETER, "a data set fragment on another context than its command's");
        while (length > 0) {
            int n = in.read(buffer, 0, Math.min(buffer.length, length));
            if (n < 0) throw new EOFException();
            transfer.write(buffer, n);
            length -= n;
        }
        if (!last) return;
        Transfer done = transfer;
        transfer = null;
        long start = System.nanoTime();
        int status = done.finish(handler, callingAeTitle);
        if (done.file != null) handler.waited(System.nanoTime() - start);
        respond(done.context, done.request, status);
    }

    private void respond(Negotiation.Accepted context, CommandSet request, int status) throws IOException {
        send(Pdu.command(context.id(), CommandSet.response(request, status)));
    }

    private void skipBody(int type, long length) throws IOException {
        if (length > MAX_OTHER_PDU) refuseLength(type, length, MAX_OTHER_PDU);
        in.skipNBytes(length);
    }

    private void refuseLength(int type, long length, long limit) throws IOException {
        refuse(Pdu.INVALID_PDU_PARAMETER, "a PDU of type 0x" + Integer.toHexString(type) + " declares " + length
                + " bytes, more than the " + limit + " we accept");
    }

    /** A-ABORT to the peer with the reason; the association ends without reading further. */
    private void refuse(int reason, String why) throws IOException {
        sendQuietly(Pdu.abort(reason));
        throw new RefusedException(why);
    }

    private void send(byte[] pdu) throws IOException {
        out.write(pdu);
        out.flush();
    }

    private void sendQuietly(byte[] pdu) {
        try {
            send(pdu);
        } catch (IOException ignored) {
            // the peer may be gone already; we end the association either way
        }
    }

    /** One data set arriving: into its file, or nowhere when its status is already decided. */
    private static final class Transfer {
        final Negotiation.Accepted context;
        final CommandSet request;
        final Path file;
        private final ExecutorService writebacks;
        private OutputStream sink;
        private FileChannel channel;
        private long unsynced;
        private Future<?> writeback;
        private int status = -1;
        private IOException writeFailure;

        private Transfer(Negotiation.Accepted context, CommandSet request, Path file, ExecutorService writebacks) {
            this.context = context;
            this.request = request;
            this.file = file;
            this.writebacks = writebacks;
        }

        static Transfer discarding(Negotiation.Accepted context, CommandSet request, int status) {
            Transfer t = new Transfer(context, request, null, null);
            t.status = status;
            return t;
        }

        static Transfer toFile(Negotiation.Accepted context, CommandSet request, Path file, byte[] header, ExecutorService writebacks) {
            Transfer t = new Transfer(context, request, file, writebacks);
            try {
                FileOutputStream out = new FileOutputStream(file.toFile());
                t.channel = out.getChannel();
                t.sink = new BufferedOutputStream(out, BUFFER);
                t.sink.write(header);
            } catch (IOException e) {
                t.writeFailure = e;
                t.abandon();
            }
            return t;
        }

        void write(byte[] b, int n) {
            if (sink == null) return;
            try {
                sink.write(b, 0, n);
                unsynced += n;
                if (unsynced >= WRITEBACK_STEP && (writeback == null || writeback.isDone())) {
                    sink.flush();
                    unsynced = 0;
                    startWriteback();
                }
            } catch (IOException e) {
                writeFailure = e;
                abandon(); // the rest of the data set is read and dropped; the sender gets a failure status
            }
        }

        private void startWriteback() {
            FileChannel c = channel;
            try {
                writeback = writebacks.submit(() -> {
                    c.force(false);
                    return null;
                });
            } catch (RejectedExecutionException e) {
                writeback = null; // shutting down: the store's fsync does it all
            }
        }

        /** The status for the response: stored (durably) or why not. */
        int finish(ReceivedInstanceHandler handler, String callingAeTitle) {
            if (status >= 0) return status;
            if (sink != null) {
                awaitWriteback(); // what it flushed the store's fsync need not
                try {
                    sink.close();
                } catch (IOException e) {
                    writeFailure = e;
                }
                sink = null;
            }
            if (writeFailure != null) {
                deleteQuietly();
                return handler.failed(writeFailure, callingAeTitle);
            }
            return handler.store(file, callingAeTitle);
        }

        private void awaitWriteback() {
            if (writeback == null) return;
            try {
                writeback.get();
            } catch (ExecutionException e) {
                // a failed early flush only leaves more for the store's fsync, which reports its own failure
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Closes and deletes what was written. */
        void abandon() {
            if (writeback != null) writeback.cancel(false);
            if (sink != null) {
                try {
                    sink.close();
                } catch (IOException ignored) {
                    // deleted next
                }
                sink = null;
            }
            deleteQuietly();
        }

        private void deleteQuietly() {
            if (file == null) return;
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the incoming folder is discarded at the association's end, or at the next start
            }
        }
    }
}
