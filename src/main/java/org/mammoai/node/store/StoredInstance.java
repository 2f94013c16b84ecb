package org.mammoai.node.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** One received SOP instance and where its file is in the spool. */
@Entity
@Table(name = "stored_instance")
public class StoredInstance extends PanacheEntity {
    static final int TRANSFER_SYNTAX_LENGTH = 128;
    static final int LATERALITY_LENGTH = 64;
    static final int VIEW_POSITION_LENGTH = 64;
    static final int CALLING_AE_TITLE_LENGTH = 64;

    @Column(name = "sop_instance_uid", nullable = false, unique = true, length = 128)
    public String sopInstanceUid;
    @ManyToOne(optional = false)
    public Series series;
    @Column(name = "sop_class_uid", nullable = false, length = 128)
    public String sopClassUid;
    @Column(name = "transfer_syntax_uid", length = TRANSFER_SYNTAX_LENGTH)
    public String transferSyntaxUid;
    @Column(name = "instance_number")
    public Integer instanceNumber;
    @Column(name = "image_laterality", length = LATERALITY_LENGTH)
    public String imageLaterality;
    @Column(name = "view_position", length = VIEW_POSITION_LENGTH)
    public String viewPosition;
    @Column(name = "image_rows")
    public Integer rows;
    @Column(name = "image_columns")
    public Integer columns;
    @Column(name = "number_of_frames")
    public Integer numberOfFrames;
    @Column(name = "calling_ae_title", nullable = false, length = CALLING_AE_TITLE_LENGTH)
    public String callingAeTitle;
    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
    /** Relative to the spool root, so the spool can move. */
    @Column(name = "file_path", nullable = false, length = 512)
    public String filePath;
    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;
}
