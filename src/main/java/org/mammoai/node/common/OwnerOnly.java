package org.mammoai.node.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Patient data (received images, results, quarantine) readable by the node's user only: files 0600, folders 0700,
 * whatever the umask of the shell or service manager that started the node. No-op where the file system has no
 * POSIX permissions.
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {}

    public static void file(Path file) throws IOException {
        set(file, FILE);
    }

    /** This folder and its parents up to (and including) {@code top}. */
    public static void folders(Path folder, Path top) throws IOException {
        for (Path p = folder; p != null && p.startsWith(top); p = p.getParent()) set(p, FOLDER);
    }

    private static void set(Path p, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(p, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // e.g. a Windows share: its ACLs decide
        }
    }
}
