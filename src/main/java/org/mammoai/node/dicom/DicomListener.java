package org.mammoai.node.dicom;

import org.mammoai.node.config.ApplicationEntity;
import org.mammoai.node.config.Connection;
import org.mammoai.node.config.Device;
import org.mammoai.node.config.NodeConfigStore;
import org.mammoai.node.config.TlsContext;
import org.mammoai.node.config.TlsMaterial;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.mammoai.node.store.InstanceStore;
import org.mammoai.node.store.Spool;
import org.mammoai.node.store.SpoolSpace;

/**
 * The C-ECHO / C-STORE SCP: binds where configured, reads each A-ASSOCIATE-RQ within a deadline, rejects unknown AEs
 * and over-limit callers with the proper A-ASSOCIATE-RJ, and serves accepted associations ({@link ScpAssociation}),
 * each on its own thread and in its own incoming folder, discarded at its end with whatever an interrupted transfer
 * left. Our own, not PixelMed's StorageSOPClassSCP: that one checks no caller, binds every address, answers only
 * Success, trusts PDU lengths and writes each object through a thread of its own; wrapping it took more code than
 * this, and a small object took about a fifth longer to receive through it (README, Benchmarks).
 */
@ApplicationScoped
public class DicomListener {
    private static final Logger LOG = Logger.getLogger(DicomListener.class);
    /** A modality sends its A-ASSOCIATE-RQ right after connecting; the whole request must arrive within this. */
    static final int REQUEST_TIMEOUT_MS = 5_000;
    static final int HANDSHAKE_THREADS = 16;
    /** Handshakes one source address may have pending: a quarter of the threads, the rest stay free for others. */
    static final int PENDING_PER_SOURCE = HANDSHAKE_THREADS / 4;
    private static final int HANDSHAKE_QUEUE = 64;
    private static final long REFUSAL_LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    private final NodeConfigStore configs;
    private final Spool spool;
    private final SpoolSpace space;
    private final InstanceStore store;
    private final ReceiveMetrics metrics;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger associationNumber = new AtomicInteger();

    private final PendingConnections pending = new PendingConnections(PENDING_PER_SOURCE);
    private volatile long lastRefusalLog = System.nanoTime() - REFUSAL_LOG_INTERVAL_NS;

    private volatile ServerSocket serverSocket;
    private volatile ServerSocket tlsServerSocket;
    private volatile Semaphore permits;
    private ExecutorService handshakes;
    private ScheduledExecutorService handshakeDeadlines;
    /** Early flushes of large objects: at most one running per association, so bounded by the association limit. */
    private ExecutorService writeback;

    public DicomListener(NodeConfigStore configs, Spool spool, SpoolSpace space, InstanceStore store, ReceiveMetrics metrics) {
        this.configs = configs;
        this.spool = spool;
        this.space = space;
        this.store = store;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    synchronized void start() {
        Device config = configs.current();
        ApplicationEntity local = config.ae();
        prepareSpool();
        permits = new Semaphore(local.limits().maxAssociations());
        handshakes = new ThreadPoolExecutor(HANDSHAKE_THREADS, HANDSHAKE_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HANDSHAKE_QUEUE), named("dicom-handshake"));
        handshakeDeadlines = Executors.newSingleThreadScheduledExecutor(named("dicom-handshake-deadline"));
        writeback = Executors.newCachedThreadPool(named("dicom-writeback"));
        listen(config);
        LOG.infof("DICOM SCP %s listening on %s:%d (at most %d associations, %d calling AE titles allowed)",
                local.aeTitle(), local.connection().host(), serverSocket.getLocalPort(), local.limits().maxAssociations(),
                local.acceptedCallingAeTitles().size());
    }

    /** Binds the plain (and TLS) ports of this configuration and accepts on them. */
    private void listen(Device config) {
        ApplicationEntity local = config.ae();
        try {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(local.connection().host(), local.connection().port()), 128);
            serverSocket = ss;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for DICOM on " + local.connection().host() + ":" + local.connection().port() + ": " + e.getMessage(), e);
        }
        ServerSocket plain = serverSocket;
        named("dicom-accept").newThread(() -> acceptLoop(plain)).start();
        if (local.tlsConnection() != null) {
            try {
                startTls(local.tlsConnection(), config.tls());
            } catch (RuntimeException e) {
                closeQuietly(plain);
                serverSocket = null;
                throw e;
            }
        }
    }

    /**
     * A saved configuration change: new associations already see the new callers, titles and limits; a changed
     * port, address or TLS section moves the listening sockets (running associations finish on theirs). If the new
     * ports cannot be bound the old ones are taken back and the change is refused, before anything is saved.
     */
    synchronized void onConfigChanged(@Observes NodeConfigStore.Changed change) {
        ApplicationEntity before = change.before().ae(), after = change.after().ae();
        if (before.limits().maxAssociations() != after.limits().maxAssociations()) permits = new Semaphore(after.limits().maxAssociations());
        boolean moved = !before.connection().equals(after.connection()) || !java.util.Objects.equals(before.tlsConnection(), after.tlsConnection())
                || !java.util.Objects.equals(change.before().tls(), change.after().tls());
        if (!moved || serverSocket == null) return;
        closeSockets();
        try {
            listen(change.after());
            LOG.infof("DICOM SCP now on %s:%d (configuration changed)", after.connection().host(), serverSocket.getLocalPort());
        } catch (RuntimeException e) {
            listen(change.before());
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private void closeSockets() {
        if (serverSocket != null) closeQuietly(serverSocket);
        if (tlsServerSocket != null) closeQuietly(tlsServerSocket);
        serverSocket = null;
        tlsServerSocket = null;
    }

    /** DICOM over TLS on its own port: the same handshake, checks and association handling behind TLS. */
    private void startTls(Connection connection, TlsMaterial tls) {
        try {
            ServerSocket ss = TlsContext.create(tls).serverSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(connection.host(), connection.port()), 128);
            tlsServerSocket = ss;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot listen for DICOM over TLS on " + connection.host() + ":" + connection.port() + ": " + e.getMessage(), e);
        }
        named("dicom-tls-accept").newThread(() -> acceptLoop(tlsServerSocket)).start();
        LOG.infof("DICOM over TLS (BCP 195) on %s:%d%s", connection.host(), tlsServerSocket.getLocalPort(),
                tls.requireClientCertificate() ? ", client certificate required" : "");
    }

    /** Before accepting anything: drop what interrupted transfers left, catalog what the catalog lost. */
    private void prepareSpool() {
        try {
            int swept = spool.sweepIncompleteTransfers();
            if (swept > 0) {
                LOG.infof("Removed %d incomplete transfer(s) interrupted by the last stop", swept);
            }
            int recovered = store.recoverUncataloged();
            if (recovered > 0) {
                LOG.warnf("Cataloged %d spool file(s) the catalog had lost", recovered);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the spool " + spool.root(), e);
        }
    }

    synchronized void stop() {
        if (serverSocket == null) {
            return;
        }
        ServerSocket plain = serverSocket;
        closeSockets();
        serverSocket = plain; // stays set until the end: isListening() is false once it is closed
        handshakes.shutdownNow();
        handshakeDeadlines.shutdownNow();
        writeback.shutdown(); // running associations finish with it; new flushes are refused once it is down
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (Thread t : Set.copyOf(running)) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!open.isEmpty()) {
            LOG.warnf("Closing %d association(s) still open at shutdown", open.size());
            open.forEach(DicomListener::closeQuietly);
        }
        serverSocket = null;
    }

    public boolean isListening() {
        ServerSocket ss = serverSocket;
        return ss != null && ss.isBound() && !ss.isClosed();
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            Socket socket;
            try {
                socket = ss.accept();
            } catch (SocketException e) {
                break; // closed by stop()
            } catch (IOException e) {
                LOG.warn("accept failed", e);
                continue;
            }
            InetAddress source = socket.getInetAddress();
            if (!pending.tryEnter(source)) {
                closeQuietly(socket);
                logRefusals(source);
                continue;
            }
            try {
                handshakes.execute(() -> {
                    try {
                        handshake(socket);
                    } finally {
                        pending.leave(source);
                    }
                });
            } catch (RejectedExecutionException e) {
                pending.leave(source);
                LOG.warnf("Dropping connection from %s: too many pending association requests", socket.getRemoteSocketAddress());
                closeQuietly(socket);
            }
        }
    }

    private void logRefusals(InetAddress source) {
        long now = System.nanoTime();
        if (now - lastRefusalLog < REFUSAL_LOG_INTERVAL_NS) return;
        lastRefusalLog = now;
        LOG.warnf("Refused %d connection(s) in the last seconds: %s (and maybe others) already had %d connections open "
                + "without an association request", pending.takeRefused(), source.getHostAddress(), PENDING_PER_SOURCE);
    }

    private void handshake(Socket socket) {
        AssociateRequest request;
        // a deadline for the whole request, not per read: a peer dripping one byte at a time gets no longer
        ScheduledFuture<?> deadline = handshakeDeadlines.schedule(() -> closeQuietly(socket), REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        AssociateReject violation;
        try {
            socket.setSoTimeout(REQUEST_TIMEOUT_MS);
            socket.setTcpNoDelay(true); // each C-STORE-RSP leaves at once, not after Nagle's ~40 ms wait for more
            if (socket instanceof javax.net.ssl.SSLSocket tls) tls.startHandshake(); // within the same deadline
            request = AssociateRequest.read(socket.getInputStream());
            violation = request.violation();
        } catch (AssociateRequest.InvalidPduException e) {
            LOG.infof("Connection from %s aborted: %s", socket.getRemoteSocketAddress(), e.getMessage());
            abort(socket, 6);
            return;
        } catch (javax.net.ssl.SSLException e) {
            LOG.infof("TLS with %s failed: %s", socket.getRemoteSocketAddress(), e.getMessage());
            closeQuietly(socket);
            return;
        } catch (IOException e) {
            // DEBUG: port scanners and TCP health checks connect and leave without a word
            LOG.debugf("Connection from %s closed without an association: %s", socket.getRemoteSocketAddress(), e.getMessage());
            closeQuietly(socket);
            return;
        } finally {
            deadline.cancel(false);
        }
        if (socket.isClosed()) return; // the deadline struck just as the request completed
        AssociateReject reject = violation != null ? violation : checkAeTitles(request);
        if (reject == null && !space.hasRoom()) {
            reject = AssociateReject.SPOOL_FULL;
        }
        Semaphore held = permits; // a configuration change may replace it; this association releases the one it took
        if (reject == null && !held.tryAcquire()) {
            reject = AssociateReject.LOCAL_LIMIT_EXCEEDED;
        }
        if (reject != null) {
            reply(socket, reject, request);
            return;
        }
        try {
            socket.setSoTimeout(configs.current().ae().limits().idleTimeoutSeconds() * 1000);
            String name = "dicom-association-" + associationNumber.incrementAndGet();
            Thread thread = new Thread(() -> serve(socket, request, held), name);
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not start association from %s: %s", request.callingAeTitle(), e.getMessage());
            held.release();
            closeQuietly(socket);
        }
    }

    private AssociateReject checkAeTitles(AssociateRequest request) {
        if (!configs.current().ae().accepts(request.callingAeTitle())) {
            return AssociateReject.CALLING_AE_NOT_RECOGNIZED;
        }
        if (!configs.current().ae().aeTitle().equals(request.calledAeTitle())) {
            return AssociateReject.CALLED_AE_NOT_RECOGNIZED;
        }
        return null;
    }

    private void reply(Socket socket, AssociateReject reject, AssociateRequest request) {
        LOG.logf(reject == AssociateReject.SPOOL_FULL ? Logger.Level.WARN : Logger.Level.INFO, "Rejected association %s -> %s from %s: %s",
                request.callingAeTitle(), request.calledAeTitle(), socket.getRemoteSocketAddress(), reject.description);
        metrics.associationRejected(reject);
        try {
            socket.getOutputStream().write(reject.pdu());
            socket.getOutputStream().flush();
        } catch (IOException e) {
            LOG.debug("could not send A-ASSOCIATE-RJ", e);
        } finally {
            closeQuietly(socket);
        }
    }

    /** A-ABORT from us (PS3.8 9.3.8) with the reason, then close: a peer that broke the protocol is told so. */
    private static void abort(Socket socket, int reason) {
        try {
            socket.getOutputStream().write(Pdu.abort(reason));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            LOG.debug("could not send A-ABORT", e);
        } finally {
            closeQuietly(socket);
        }
    }

    private void serve(Socket socket, AssociateRequest request, Semaphore held) {
        open.add(socket);
        metrics.associationStarted();
        Path incoming = null;
        try {
            LOG.debugf("Association from %s (%s)", request.callingAeTitle(), socket.getRemoteSocketAddress());
            incoming = spool.newIncomingFolder();
            var limits = configs.current().ae().limits();
            var handler = new ReceivedInstanceHandler(store, metrics, limits.objectLimits(), space);
            logEnd(request, new ScpAssociation(socket, new Negotiation(request), limits.maxPduLength(), request.callingAeTitle(), incoming, handler, writeback).run());
        } catch (Exception e) {
            LOG.warnf("Association from %s failed: %s", request.callingAeTitle(), e.getMessage());
        } finally {
            closeQuietly(socket);
            discard(incoming);
            open.remove(socket);
            running.remove(Thread.currentThread());
            metrics.associationEnded();
            held.release();
        }
    }

    private void discard(Path incoming) {
        if (incoming == null) return;
        try {
            spool.discardIncomingFolder(incoming);
        } catch (IOException e) {
            LOG.warnf("Could not remove %s (removed at next start): %s", incoming, e.getMessage());
        }
    }

    /** One line for an association that did not end with a release. */
    private void logEnd(AssociateRequest request, ScpAssociation.Outcome outcome) {
        String lost = outcome.partial() ? "; the incomplete object was discarded (not acknowledged, not stored)" : "";
        String from = request.callingAeTitle();
        switch (outcome.end()) {
            case RELEASED -> { }
            case REFUSED -> LOG.warnf("Association from %s aborted: %s%s", from, outcome.detail(), lost);
            case ABORTED_BY_PEER -> LOG.infof("Association from %s aborted by the peer (A-ABORT)%s", from, lost);
            case CLOSED_BY_PEER -> LOG.warnf("Association from %s: the peer closed the connection without releasing%s", from, lost);
            case IDLE -> LOG.warnf("Association from %s aborted: %s%s", from, outcome.detail(), lost);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket we are discarding
        }
    }
}
