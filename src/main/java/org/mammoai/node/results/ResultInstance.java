package org.mammoai.node.results;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.mammoai.node.config.ResultType;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

/** A result object we wrote (SEG or SR) for one source image or a whole study, and whether it has been handed to sending. */
@Entity
@Table(name = "result_instance", indexes = @Index(columnList = "study_instance_uid"))
public class ResultInstance extends PanacheEntity {
    @Column(name = "sop_instance_uid", nullable = false, unique = true, length = 128)
    public String sopInstanceUid;
    @Column(name = "sop_class_uid", nullable = false, length = 128)
    public String sopClassUid;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR) // text, not a database ENUM of today's values: see EnumColumns
    @Column(name = "result_type", nullable = false, length = 16)
    public ResultType type;
    @Column(name = "study_instance_uid", nullable = false, length = 128)
    public String studyInstanceUid;
    /** The analysed image, or for a study-level report (the CAD SR) the study's UID. */
    @Column(name = "source_sop_instance_uid", nullable = false, length = 128)
    public String sourceSopInstanceUid;
    @Column(name = "file_path", nullable = false, length = 1024)
    public String filePath;
    /** Deliveries have been created for it (the study was released). */
    @Column(nullable = false)
    public boolean scheduled;
}
