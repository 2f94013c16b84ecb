package org.mammoai.node.results;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mammoai.node.common.OwnerOnly;

/**
 * Where result files live (mammo.results.dir). Rows keep paths relative to it, so the data folder can move or be
 * restored elsewhere; a stored path is resolved only inside it.
 */
@ApplicationScoped
public class ResultFiles {
    private final Path root;

    public ResultFiles(@ConfigProperty(name = "mammo.results.dir", defaultValue = "data/results") Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
            OwnerOnly.folders(this.root, this.root); // nobody else may enter: patient data lies beneath
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the results folder " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    public String relativize(Path file) {
        Path p = file.toAbsolutePath().normalize();
        if (!p.startsWith(root)) throw new IllegalArgumentException(file + " is not under the results folder");
        return root.relativize(p).toString();
    }

    /** Also takes the absolute paths rows held before they were relative, when they lie in the results folder. */
    public Path resolve(String storedPath) {
        Path p = root.resolve(storedPath).normalize();
        if (!p.startsWith(root)) throw new IllegalArgumentException("path escapes the results folder: " + storedPath);
        return p;
    }
}
