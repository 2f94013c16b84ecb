package org.mammoai.node.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real A-ASSOCIATE-RQ PDU, as dcmtk's echoscu sends it: a one-shot listener records the first PDU and hangs up.
 * Hostile-peer tests replay it to the node and then send what no well-behaved peer would.
 */
public final class CapturedAssociateRequest {
    private CapturedAssociateRequest() {}

    public static byte[] fromEchoscu(String callingAe, String calledAe) throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Tool> echo = CompletableFuture.supplyAsync(() -> {
                try {
                    return Tool.run("echoscu", "-to", "5", "-aet", callingAe, "-aec", calledAe, "127.0.0.1", Integer.toString(server.getLocalPort()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] header = new byte[6];
                in.readFully(header);
                int length = ((header[2] & 0xff) << 24) | ((header[3] & 0xff) << 16) | ((header[4] & 0xff) << 8) | (header[5] & 0xff);
                if (header[0] != 0x01 || length > 1 << 16) throw new IOException("not an A-ASSOCIATE-RQ");
                byte[] pdu = new byte[6 + length];
                System.arraycopy(header, 0, pdu, 0, 6);
                in.readFully(pdu, 6, length);
                return pdu;
            } finally {
                echo.get(30, TimeUnit.SECONDS);
            }
        }
    }
}
