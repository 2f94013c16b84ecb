package org.mammoai.node.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "study")
public class Study extends PanacheEntity {
    @Column(name = "study_instance_uid", nullable = false, unique = true, length = 128)
    public String studyInstanceUid;
    @ManyToOne(optional = false)
    public Patient patient;
    @Column(name = "study_date", length = 32)
    public String studyDate;
    @Column(name = "study_time", length = 64)
    public String studyTime;
    @Column(name = "accession_number", length = 64)
    public String accessionNumber;
    @Column(length = 128)
    public String description;
}
