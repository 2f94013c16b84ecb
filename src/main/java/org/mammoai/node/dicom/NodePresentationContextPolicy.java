package org.mammoai.node.dicom;

import com.pixelmed.network.PresentationContext;
import com.pixelmed.network.PresentationContextSelectionPolicy;
import java.util.LinkedList;
import java.util.List;

/**
 * Accepts each proposed context whose SOP class and at least one transfer syntax we support, taking
 * the sender's first supported choice so images arrive as the modality encoded them (no transcoding).
 */
final class NodePresentationContextPolicy implements PresentationContextSelectionPolicy {
    private static final byte ACCEPTANCE = 0;
    private static final byte ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    private static final byte TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber) {
        for (Object o : contexts) {
            PresentationContext pc = (PresentationContext) o;
            List<String> proposed = List.copyOf((List<String>) pc.getTransferSyntaxUIDs());
            pc.newTransferSyntaxUIDs();
            if (!AcceptedSyntaxes.isAcceptedAbstractSyntax(pc.getAbstractSyntaxUID())) {
                pc.setResultReason(ABSTRACT_SYNTAX_NOT_SUPPORTED);
                continue;
            }
            AcceptedSyntaxes.firstAccepted(proposed).ifPresentOrElse(ts -> {
                        pc.addTransferSyntaxUID(ts);
                        pc.setResultReason(ACCEPTANCE); // the parsed request leaves this field undefined
                    }, () -> pc.setResultReason(TRANSFER_SYNTAXES_NOT_SUPPORTED));
        }
        return contexts;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public LinkedList applyPresentationContextSelectionPolicy(LinkedList contexts, int associationNumber, int debugLevel) {
        return applyPresentationContextSelectionPolicy(contexts, associationNumber);
    }
}
