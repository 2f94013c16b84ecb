package org.mammoai.node.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** A loopback TCP proxy that cuts both directions after forwarding a given number of client bytes. */
public final class TruncatingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicLong forwarded = new AtomicLong();

    public TruncatingProxy(int targetPort, long cutAfterBytes) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket client = server.accept(); Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                Thread back = new Thread(() -> pump(target, client, Long.MAX_VALUE));
                back.setDaemon(true);
                back.start();
                pump(client, target, cutAfterBytes);
            } catch (IOException ignored) {
                // the cut is the point
            }
        });
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public long forwardedBytes() {
        return forwarded.get();
    }

    private void pump(Socket from, Socket to, long limit) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            long left = limit;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                out.write(buf, 0, n);
                out.flush();
                left -= n;
                if (limit != Long.MAX_VALUE) forwarded.addAndGet(n);
            }
        } catch (IOException ignored) {
            // connection gone
        } finally {
            try { from.close(); } catch (IOException ignored) { }
            try { to.close(); } catch (IOException ignored) { }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
