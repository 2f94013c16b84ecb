package org.mammoai.node.imaging;

import java.util.List;

/**
 * The Patient and General Study module values our result objects copy from their source, each already
 * checked against its VR: an invalid value arrives here empty (Type 2 attributes) or absent (null,
 * Type 3), so one bad source attribute cannot make every object we write invalid.
 *
 * @param dropped the keywords of source attributes left out as invalid, for the log and the job record
 */
public record PatientStudy(String specificCharacterSet, String patientName, String patientId, String issuerOfPatientId,
                           String patientBirthDate, String patientSex, String patientAge, String studyDate, String studyTime,
                           String referringPhysicianName, String studyId, String accessionNumber, String studyDescription,
                           List<String> dropped) {}
