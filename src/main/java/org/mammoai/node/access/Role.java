package org.mammoai.node.access;

import java.util.Set;

/** What a console user may do: a viewer reads; an admin also changes configuration, resends, re-analyses and deletes. */
public enum Role {
    VIEWER, ADMIN;

    /** The role names @RolesAllowed checks. */
    public static final String READ = "viewer";
    public static final String CHANGE = "admin";

    /** The role names a user of this role holds: an admin can do what a viewer can. */
    Set<String> grants() {
        return this == ADMIN ? Set.of(CHANGE, READ) : Set.of(READ);
    }
}
