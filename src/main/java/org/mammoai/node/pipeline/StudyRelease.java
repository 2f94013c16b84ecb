package org.mammoai.node.pipeline;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A study whose results have been released for sending: its expected views arrived, or it went quiet. */
@Entity
@Table(name = "study_release")
public class StudyRelease extends PanacheEntity {
    @Column(name = "study_instance_uid", nullable = false, unique = true, length = 128)
    public String studyInstanceUid;
    @Column(name = "released_at", nullable = false)
    public Instant releasedAt;
    @Column(nullable = false, length = 64)
    public String reason;
}
