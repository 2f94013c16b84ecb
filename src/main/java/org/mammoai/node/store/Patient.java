package org.mammoai.node.store;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A patient as identified by the sending site (Patient ID, empty when the sender gave none). */
@Entity
@Table(name = "patient")
public class Patient extends PanacheEntity {
    @Column(name = "patient_id", nullable = false, unique = true, length = 128)
    public String patientId;
    @Column(name = "patient_name", length = 324)
    public String patientName;
    @Column(name = "birth_date", length = 32)
    public String birthDate;
    @Column(length = 64)
    public String sex;
}
