package org.mammoai.node.inference;

/** The image cannot be analysed as it is (undecodable pixels, no model for it); retrying will not help. */
public class UnusableImageException extends Exception {
    public UnusableImageException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnusableImageException(String message) {
        super(message);
    }
}
