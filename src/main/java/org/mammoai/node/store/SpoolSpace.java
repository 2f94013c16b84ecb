package org.mammoai.node.store;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Free space where the spool lives, measured at each question: below the minimum the node takes no new
 * associations (a transient refusal the modality retries) and reports not ready; it takes them again as soon as
 * space returns, with nothing to reset.
 */
@ApplicationScoped
public class SpoolSpace {
    private final LongSupplier usableBytes;
    private final long minFreeBytes;

    @Inject
    public SpoolSpace(Spool spool, @ConfigProperty(name = "mammo.spool.min-free", defaultValue = "256M") MemorySize minFree) {
        this(usableSpaceOf(spool.root()), minFree.asLongValue());
    }

    /**
     * Asked for every received object: Files.getFileStore parses /proc/mounts each time (~0.15 ms), so the store is
     * looked up once and asked again after a failure; its usable space is one statvfs.
     */
    private static LongSupplier usableSpaceOf(Path root) {
        AtomicReference<FileStore> store = new AtomicReference<>();
        return () -> {
            try {
                FileStore s = store.get();
                if (s == null) store.set(s = Files.getFileStore(root));
                return s.getUsableSpace();
            } catch (IOException e) {
                store.set(null);
                throw new UncheckedIOException(e);
            }
        };
    }

    /** @param usableBytes how many bytes the spool's file system can still take */
    public SpoolSpace(LongSupplier usableBytes, long minFreeBytes) {
        this.usableBytes = usableBytes;
        this.minFreeBytes = minFreeBytes;
    }

    public long freeBytes() {
        return usableBytes.getAsLong();
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }

    /** Room for at least one more mammography study (the configured minimum, 256 MB by default). */
    public boolean hasRoom() {
        try {
            return freeBytes() >= minFreeBytes;
        } catch (UncheckedIOException e) {
            return false;
        }
    }
}
