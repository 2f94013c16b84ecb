package org.mammoai.node.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "study")
public class Study extends PanacheEntity {
    static final int DATE_LENGTH = 32;
    static final int TIME_LENGTH = 64;
    static final int ACCESSION_NUMBER_LENGTH = 64;
    static final int DESCRIPTION_LENGTH = 128;

    @Column(name = "study_instance_uid", nullable = false, unique = true, length = 128)
    public String studyInstanceUid;
    @ManyToOne(optional = false)
    public Patient patient;
    @Column(name = "study_date", length = DATE_LENGTH)
    public String studyDate;
    @Column(name = "study_time", length = TIME_LENGTH)
    public String studyTime;
    @Column(name = "accession_number", length = ACCESSION_NUMBER_LENGTH)
    public String accessionNumber;
    @Column(length = DESCRIPTION_LENGTH)
    public String description;
}
