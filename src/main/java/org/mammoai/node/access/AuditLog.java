package org.mammoai.node.access;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Writes every change to the audit table (and the log, without patient data: actions name UIDs and settings only). */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    /** Where the node itself acted (e.g. retention), not a user. */
    public static final String NODE = "(node)";

    /**
     * @param who    the user; null when the node itself acted
     * @param detail what changed, e.g. the destination and its new address; never patient names or IDs
     */
    public void record(SecurityIdentity who, String action, String detail) {
        String user = who == null ? NODE : who.isAnonymous() ? "anonymous" : who.getPrincipal().getName();
        QuarkusTransaction.joiningExisting().run(() -> {
            AuditEvent e = new AuditEvent();
            e.at = Instant.now();
            e.username = user;
            e.action = action;
            e.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
            e.persist();
        });
        LOG.infof("audit: %s %s %s", user, action, detail == null ? "" : detail);
    }

    public List<AuditEvent> recent(int max) {
        return AuditEvent.find("order by at desc, id desc").page(0, max).list();
    }
}
