package org.mammoai.node.pipeline;

/** Where an image's analysis is. DONE, FAILED and SKIPPED are final. */
public enum JobState {
    QUEUED, RUNNING, DONE,
    /** Could not be analysed (corrupt or undecodable image, or retries used up); the error says why. */
    FAILED,
    /** Nothing to analyse with: not a breast image, or no model for its modality. */
    SKIPPED;

    public boolean finished() {
        return this == DONE || this == FAILED || this == SKIPPED;
    }
}
