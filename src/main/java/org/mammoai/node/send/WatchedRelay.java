package org.mammoai.node.send;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback relay between PixelMed's SCU and one destination, because PixelMed opens and reads its own socket with
 * no timeout: a destination that accepts TCP and then says nothing would hold a delivery worker forever. The relay
 * owns the destination's socket and closes both sides once nothing has moved either way for the idle limit, so the
 * SCU fails and the delivery is retried later. One association per relay.
 */
final class WatchedRelay implements Closeable {
    private final ServerSocket local;
    private final Socket destination;
    private final long idleNanos;
    private final AtomicLong lastTraffic = new AtomicLong(System.nanoTime());
    private volatile Socket scu;
    private volatile boolean timedOut;

    WatchedRelay(Socket connectedDestination, long idleMillis) throws IOException {
        this.destination = connectedDestination;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.local = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::run, "send-relay-" + local.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** Where PixelMed connects instead of the destination. */
    int port() {
        return local.getLocalPort();
    }

    /** Whether the relay cut the association because the destination went silent. */
    boolean timedOut() {
        return timedOut;
    }

    private void run() {
        try (Socket s = local.accept()) {
            scu = s;
            s.setTcpNoDelay(true); // no Nagle delay on either leg of the relay
            destination.setTcpNoDelay(true);
            local.close(); // one association
            Thread up = pump(s.getInputStream(), destination.getOutputStream(), "up");
            Thread down = pump(destination.getInputStream(), s.getOutputStream(), "down");
            while (up.isAlive() || down.isAlive()) {
                down.join(500);
                if (System.nanoTime() - lastTraffic.get() > idleNanos && (up.isAlive() && down.isAlive())) {
                    timedOut = true;
                    break;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the SCU gave up or we are closing: closing both sides below is all that is left
        } finally {
            closeQuietly(destination);
            closeQuietly(scu);
        }
    }

    private Thread pump(InputStream in, OutputStream out, String direction) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    lastTraffic.set(System.nanoTime());
                }
            } catch (IOException e) {
                // one side closed; the other side is closed by run()
            } finally {
                closeQuietly(destination);
                closeQuietly(scu);
            }
        }, "send-relay-" + direction);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public void close() {
        closeQuietly(local);
        closeQuietly(destination);
        closeQuietly(scu);
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // closing what we are discarding
        }
    }
}
