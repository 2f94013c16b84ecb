package org.mammoai.node.send;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One result object to one destination AE: its own state, attempts and backoff. */
@Entity
@Table(name = "delivery",
        uniqueConstraints = @UniqueConstraint(columnNames = {"sop_instance_uid", "destination"}),
        indexes = {@Index(columnList = "state, next_attempt_at"), @Index(columnList = "study_instance_uid")})
public class Delivery extends PanacheEntity {
    @Column(name = "sop_instance_uid", nullable = false, length = 128)
    public String sopInstanceUid;
    @Column(name = "sop_class_uid", nullable = false, length = 128)
    public String sopClassUid;
    @Column(name = "result_type", nullable = false, length = 16)
    public String resultType;
    @Column(name = "study_instance_uid", nullable = false, length = 128)
    public String studyInstanceUid;
    @Column(name = "file_path", nullable = false, length = 1024)
    public String filePath;
    /** The destination's name in dicom-config. */
    @Column(nullable = false, length = 64)
    public String destination;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR) // text, not a database ENUM of today's values: see EnumColumns
    @Column(nullable = false, length = 16)
    public DeliveryState state;
    @Column(nullable = false)
    public int attempts;
    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;
    @Column(name = "last_error", length = 2000)
    public String lastError;
    @Column(name = "sent_at")
    public Instant sentAt;
    /** How long the association that sent it took, in ms (it may have carried other results too). */
    @Column(name = "send_ms")
    public Long sendMs;
}
