package org.mammoai.node.config;

import java.util.Set;

/**
 * This node as a DICOM application entity (after dcm4che's model): its title, its connections (plain, and TLS when
 * configured), the calling AE titles it accepts, and its limits. The transfer syntaxes it accepts are fixed
 * (dicom.AcceptedSyntaxes, listed in the README's conformance section).
 *
 * @param tlsConnection null when DICOM TLS is off
 */
public record ApplicationEntity(String aeTitle, Connection connection, Connection tlsConnection, Set<String> acceptedCallingAeTitles,
                                Limits limits) {

    public boolean accepts(String callingAeTitle) {
        return acceptedCallingAeTitles.contains(callingAeTitle);
    }
}
