package org.mammoai.node.results;

import java.util.List;

/**
 * CDI event, fired inside the transaction that records an image's new results: these earlier results of the image
 * are no longer current (a reanalysis), so what was not yet sent of them should not be.
 */
public record ResultsReplaced(String studyInstanceUid, List<String> sopInstanceUids) {}
