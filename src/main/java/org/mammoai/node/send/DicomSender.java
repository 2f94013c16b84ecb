package org.mammoai.node.send;

import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.network.MultipleInstanceTransferStatusHandlerWithFileName;
import com.pixelmed.network.StorageSOPClassSCU;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mammoai.node.config.Destination;
import org.mammoai.node.config.Device;
import org.mammoai.node.config.TlsMaterial;
import org.mammoai.node.config.NodeConfigStore;
import org.mammoai.node.config.DestinationEcho;
import org.mammoai.node.config.TlsContext;

/**
 * C-STORE SCU: sends files to one destination AE and reports, per file, success or why not.
 * PixelMed's SCU chooses a presentation context by SOP class only, so each association carries
 * files of one transfer syntax (all ours are Explicit VR Little Endian; grouping keeps it true).
 */
@ApplicationScoped
public class DicomSender implements DestinationEcho {

    /** What happened to one file: null error = acknowledged with Success. */
    public record Outcome(Path file, String error) {
        public boolean sent() {
            return error == null;
        }
    }

    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final NodeConfigStore configs;
    private final long idleTimeoutMillis;
    /** The TLS context of the tls section it was made from; made again when the section changes. */
    private volatile Map.Entry<TlsMaterial, TlsContext> tls;

    @jakarta.inject.Inject
    public DicomSender(NodeConfigStore configs, SendSettings settings) {
        this(configs, settings.idleTimeout().toMillis());
    }

    public DicomSender(Device config, long idleTimeoutMillis) {
        this(NodeConfigStore.of(config), idleTimeoutMillis);
    }

    public DicomSender(NodeConfigStore configs, long idleTimeoutMillis) {
        this.configs = configs;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /** Our AE title as the calling AE, as configured now. */
    private String callingAeTitle() {
        return configs.current().ae().aeTitle();
    }

    private TlsContext tls() throws IOException {
        TlsMaterial section = configs.current().tls();
        if (section == null) throw new IOException("the destination wants TLS but the configuration has no 'tls' section");
        Map.Entry<TlsMaterial, TlsContext> made = tls;
        if (made == null || !made.getKey().equals(section)) {
            try {
                made = Map.entry(section, TlsContext.create(section));
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("tls: cannot use the key or trust store: " + e.getMessage(), e);
            }
            tls = made;
        }
        return made.getValue();
    }

    public List<Outcome> send(Destination to, List<Path> files) {
        Map<Path, String> errors = new HashMap<>();
        Map<String, SetOfDicomFiles> bySyntax = new LinkedHashMap<>();
        for (Path f : files) { // reads each file's meta header: SOP class, instance, transfer syntax
            SetOfDicomFiles.DicomFile d = new SetOfDicomFiles().add(f.toString());
            if (d == null || d.getTransferSyntaxUID() == null) {
                errors.put(f, "result file is not readable DICOM: " + f);
                continue;
            }
            bySyntax.computeIfAbsent(d.getTransferSyntaxUID(), ts -> new SetOfDicomFiles()).add(d);
        }
        for (SetOfDicomFiles group : bySyntax.values()) {
            errors.putAll(sendOneAssociation(to, group));
        }
        return files.stream().map(f -> new Outcome(f, errors.get(f))).toList();
    }

    private Map<Path, String> sendOneAssociation(Destination to, SetOfDicomFiles set) {
        Map<String, Path> byName = new HashMap<>();
        List<Path> files = new ArrayList<>();
        for (SetOfDicomFiles.DicomFile d : set) {
            Path f = Path.of(d.getFileName());
            byName.put(d.getFileName(), f);
            files.add(f);
        }
        Map<Path, String> errors = new HashMap<>();
        files.forEach(f -> errors.put(f, "no C-STORE response from " + to.aeTitle()));
        MultipleInstanceTransferStatusHandlerWithFileName status = new MultipleInstanceTransferStatusHandlerWithFileName() {
            @Override
            public void updateStatus(int remaining, int completed, int failed, int warning, String sopInstanceUid,
                                     String fileName, boolean success) {
                Path f = byName.get(fileName);
                if (f != null) {
                    if (success) errors.remove(f);
                    else errors.put(f, to.aeTitle() + " refused " + sopInstanceUid);
                }
            }
        };
        Socket connection;
        try {
            connection = connect(to);
        } catch (IOException e) { // PixelMed would log and swallow this: we say plainly why a PACS is unreachable (or TLS failed)
            String reason = "cannot connect to " + to.aeTitle() + " at " + to.connection().host() + ":" + to.connection().port() + ": " + e.getMessage();
            files.forEach(f -> errors.put(f, reason));
            return errors;
        }
        try (WatchedRelay relay = new WatchedRelay(connection, idleTimeoutMillis)) {
            StorageSOPClassSCU scu = new StorageSOPClassSCU("127.0.0.1", relay.port(), to.aeTitle(), callingAeTitle(), set, 0, status);
            if (relay.timedOut()) {
                String reason = to.aeTitle() + " at " + to.connection().host() + ":" + to.connection().port() + " went silent for " + idleTimeoutMillis / 1000 + " s: association cut";
                errors.replaceAll((f, e) -> reason);
            } else if (scu.encounteredTrappedExceptions()) {
                errors.replaceAll((f, e) -> e + " (association failed or was rejected)");
            }
        } catch (Exception e) {
            String reason = "cannot send to " + to.aeTitle() + " at " + to.connection().host() + ":" + to.connection().port() + ": " + e.getMessage();
            files.forEach(f -> errors.put(f, reason));
        }
        return errors;
    }

    /** A C-ECHO to the destination: null when it answered, else why not (the console's "C-ECHO" button). */
    @Override
    public String echo(Destination to) {
        Socket connection;
        try {
            connection = connect(to);
        } catch (IOException e) {
            return "cannot connect to " + to.aeTitle() + " at " + to.connection().host() + ":" + to.connection().port() + ": " + e.getMessage();
        }
        try (WatchedRelay relay = new WatchedRelay(connection, idleTimeoutMillis)) {
            new com.pixelmed.network.VerificationSOPClassSCU("127.0.0.1", relay.port(), to.aeTitle(), callingAeTitle(), false, 0);
            return relay.timedOut() ? to.aeTitle() + " went silent for " + idleTimeoutMillis / 1000 + " s" : null;
        } catch (Exception e) {
            return to.aeTitle() + " at " + to.connection().host() + ":" + to.connection().port() + " did not answer the C-ECHO: " + e.getMessage();
        }
    }

    /** Connected, and for a tls destination through the TLS handshake, its certificate checked against our trust store. */
    private Socket connect(Destination to) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(to.connection().host(), to.connection().port()), CONNECT_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            if (!to.connection().tls()) return s;
            javax.net.ssl.SSLSocket secure = tls().clientOver(s, to.connection().host(), to.connection().port());
            secure.setSoTimeout(CONNECT_TIMEOUT_MS);
            secure.startHandshake();
            secure.setSoTimeout(0); // from here the relay's idle limit applies
            return secure;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }
}
