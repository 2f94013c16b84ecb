package org.mammoai.node.pipeline;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The analysis of one received image: a durable queue entry that survives restarts. */
@Entity
@Table(name = "analysis_job", indexes = {@Index(columnList = "state"), @Index(columnList = "study_instance_uid")})
public class AnalysisJob extends PanacheEntity {
    @Column(name = "sop_instance_uid", nullable = false, unique = true, length = 128)
    public String sopInstanceUid;
    @Column(name = "study_instance_uid", nullable = false, length = 128)
    public String studyInstanceUid;
    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR) // text, not a database ENUM of today's values: see EnumColumns
    @Column(nullable = false, length = 16)
    public JobState state;
    @Column(nullable = false)
    public int attempts;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    /** A retried job waits until then. */
    @Column(name = "not_before")
    public Instant notBefore;
    /** The node running it (mammo.pipeline.node-id), so a restarting node takes back only its own jobs. */
    @Column(length = 128)
    public String owner;
    @Column(name = "started_at")
    public Instant startedAt;
    /** Renewed while the owner runs it; a RUNNING job whose owner stopped renewing is taken back by any node. */
    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(length = 2000)
    public String error;
    @Column(name = "predicted_class", length = 16)
    public String predictedClass;
    /** ImageFindings as JSON: class probabilities and lesions. */
    @Column(name = "findings_json", length = 200_000)
    public String findingsJson;
    /** The analysed image's SourceImage as JSON: what its study-level report says about it. */
    @Column(name = "source_json", length = 20_000)
    public String sourceJson;
    /** How long the last analysis took per stage, in ms: reading the file, the analysis (decode to lesions), writing results. */
    @Column(name = "read_ms")
    public Long readMs;
    @Column(name = "analyse_ms")
    public Long analyseMs;
    @Column(name = "write_ms")
    public Long writeMs;
    /** The analysis's steps, in ms: decoding the pixels, preprocessing, the model, lesions and the display image. */
    @Column(name = "decode_ms")
    public Long decodeMs;
    @Column(name = "preprocess_ms")
    public Long preprocessMs;
    @Column(name = "infer_ms")
    public Long inferMs;
    @Column(name = "postprocess_ms")
    public Long postprocessMs;
    /** The findings are in the study's latest CAD SR version (null/false: a new version is due). */
    @Column(name = "in_study_report")
    public Boolean inStudyReport;
}
