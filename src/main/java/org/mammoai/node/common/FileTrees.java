package org.mammoai.node.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting a folder with everything in it, and its size, which java.nio.file has no single call for. */
public final class FileTrees {
    private FileTrees() {}

    public static void delete(Path top) throws IOException {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(top)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Bytes of the regular files in top and below (0 when top does not exist). */
    public static long size(Path top) throws IOException {
        if (!Files.exists(top)) {
            return 0;
        }
        try (Stream<Path> tree = Files.walk(top)) {
            long bytes = 0;
            for (Path p : tree.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(p);
            }
            return bytes;
        }
    }
}
