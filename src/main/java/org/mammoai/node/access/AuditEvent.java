package org.mammoai.node.access;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;

/** One change someone made through the console or the API: who, what, when. */
@Entity
@Table(name = "audit_event", indexes = @Index(columnList = "at"))
public class AuditEvent extends PanacheEntity {
    @Column(nullable = false)
    public Instant at;
    @Column(nullable = false, length = 64)
    public String username;
    @Column(nullable = false, length = 64)
    public String action;
    @Column(length = 2000)
    public String detail;
}
