package org.mammoai.node.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A patient as identified by the sending site (Patient ID, empty when the sender gave none). */
@Entity
@Table(name = "patient")
public class Patient extends PanacheEntity {
    static final int ID_LENGTH = 128;
    static final int NAME_LENGTH = 324;
    static final int BIRTH_DATE_LENGTH = 32;
    static final int SEX_LENGTH = 64;

    @Column(name = "patient_id", nullable = false, unique = true, length = ID_LENGTH)
    public String patientId;
    @Column(name = "patient_name", length = NAME_LENGTH)
    public String patientName;
    @Column(name = "birth_date", length = BIRTH_DATE_LENGTH)
    public String birthDate;
    @Column(length = SEX_LENGTH)
    public String sex;
}
