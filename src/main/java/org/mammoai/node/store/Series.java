package org.mammoai.node.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "series")
public class Series extends PanacheEntity {
    static final int MODALITY_LENGTH = 64;
    static final int DESCRIPTION_LENGTH = 128;

    @Column(name = "series_instance_uid", nullable = false, unique = true, length = 128)
    public String seriesInstanceUid;
    @ManyToOne(optional = false)
    public Study study;
    @Column(length = MODALITY_LENGTH)
    public String modality;
    @Column(name = "series_number")
    public Integer seriesNumber;
    @Column(length = DESCRIPTION_LENGTH)
    public String description;
}
