package org.mammoai.node.store;

/** A received object that cannot be cataloged: unreadable, or missing the identifiers we key on. */
public class MalformedInstanceException extends Exception {
    public MalformedInstanceException(String message) {
        super(message);
    }

    public MalformedInstanceException(String message, Throwable cause) {
        super(message, cause);
    }
}
