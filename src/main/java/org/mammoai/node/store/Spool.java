package org.mammoai.node.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.time.Instant;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.mammoai.node.common.FileTrees;
import org.mammoai.node.common.OwnerOnly;

/**
 * The directory received instances live in. Each association receives into its own folder under
 * incoming/, so what a cut-off transfer leaves behind can be discarded without touching others;
 * checked instances are moved to {@code <2 hex digits of the study UID's hash>/<Study UID>/<SOP UID>} and made durable
 * (fsync of the file and of the folders whose entries changed) before the C-STORE response. One folder per study means a
 * study's images share their folder flushes: usually the file and its study folder, instead of a new chain of hashed
 * folders per image. What we cannot catalog goes to quarantine/.
 */
@ApplicationScoped
public class Spool {
    private static final String QUARANTINE = "quarantine";
    private static final String INCOMING = "incoming";

    private final Path root;
    /** Spool folders whose own entry in their parent has been flushed: later files in them flush only their folder. */
    private final Set<Path> durableFolders = ConcurrentHashMap.newKeySet();
    private final FolderSync folderSync = new FolderSync();

    public Spool(@ConfigProperty(name = "mammo.spool.dir") Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root.resolve(QUARANTINE));
            Files.createDirectories(this.root.resolve(INCOMING));
            OwnerOnly.folders(this.root, this.root); // nobody else may enter: patient data lies beneath
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    public Path quarantineDir() {
        return root.resolve(QUARANTINE);
    }

    /** A fresh folder for one association to receive into. */
    public Path newIncomingFolder() throws IOException {
        return Files.createDirectory(root.resolve(INCOMING).resolve(UUID.randomUUID().toString()));
    }

    /** Deletes an association's incoming folder with any partial file left in it. */
    /** Deletes an association's incoming folder; returns how many files (incomplete transfers) it still held. */
    public int discardIncomingFolder(Path folder) throws IOException {
        if (!folder.startsWith(root.resolve(INCOMING))) {
            throw new IllegalArgumentException(folder + " is not an incoming folder");
        }
        int left;
        try (Stream<Path> files = Files.list(folder)) {
            left = (int) files.count();
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
        FileTrees.delete(folder);
        return left;
    }

    /** Deletes what transfers interrupted by a stop or crash left behind; call before listening. */
    public int sweepIncompleteTransfers() throws IOException {
        try (Stream<Path> folders = Files.list(root.resolve(INCOMING))) {
            List<Path> all = folders.toList();
            for (Path p : all) {
                FileTrees.delete(p);
            }
            return all.size();
        }
    }

    /** Every committed instance file (outside incoming/ and quarantine/). */
    public List<Path> storedFiles() throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            return tree.filter(p -> !p.startsWith(root.resolve(INCOMING)) && !p.startsWith(quarantineDir()))
                    .filter(Files::isRegularFile).toList();
        }
    }

    /** Moves a received file to its place for this study and SOP Instance UID and flushes it to disk. */
    public Path commit(Path received, String studyInstanceUid, String sopInstanceUid) throws IOException {
        Path target = placeOf(studyInstanceUid, sopInstanceUid);
        for (Path dir = target.getParent(); !Files.isDirectory(dir); dir = dir.getParent()) {
            durableFolders.remove(dir); // (re)created now: its entry must be flushed again, whatever was flushed before
        }
        Files.createDirectories(target.getParent());
        Files.move(received, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        OwnerOnly.file(target);
        makeDurable(target);
        return target;
    }

    /** Where an instance is kept; both UIDs name a folder or file, so both are checked first. */
    Path placeOf(String studyInstanceUid, String sopInstanceUid) {
        if (!InstanceHeader.isValidUid(studyInstanceUid) || !InstanceHeader.isValidUid(sopInstanceUid)) {
            throw new IllegalArgumentException("not a valid UID: refusing to name a file or folder after it");
        }
        String bucket = String.format("%02x", studyInstanceUid.hashCode() & 0xff); // String.hashCode is fixed by the JLS
        Path target = root.resolve(bucket).resolve(studyInstanceUid).resolve(sopInstanceUid).normalize();
        if (!target.startsWith(root)) throw new IllegalStateException(target + " is outside the spool");
        return target;
    }

    /**
     * Flushes the file, its folder (the new entry), and the parent of each folder on the way up whose own entry is not
     * yet known to be on disk (a folder just created, by us or a concurrent association): usually the file and one or
     * two folders, instead of every level up to the root. Folder flushes of concurrent associations are shared.
     */
    private void makeDurable(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Set<Path> folders = new LinkedHashSet<>();
        folders.add(file.getParent());
        List<Path> entries = new ArrayList<>();
        for (Path dir = file.getParent(); !dir.equals(root) && dir.startsWith(root) && !durableFolders.contains(dir); dir = dir.getParent()) {
            folders.add(dir.getParent());
            entries.add(dir);
        }
        folderSync.sync(folders);
        durableFolders.addAll(entries);
    }

    /**
     * Deletes the file an instance was kept in before it was re-sent to another place (null: nothing to do). Only
     * after the catalog points at the new file; a failure leaves a stray copy, logged, never a lost instance.
     */
    public void removeReplaced(String relativePath) {
        if (relativePath == null) return;
        try {
            Files.deleteIfExists(resolve(relativePath));
        } catch (IOException | IllegalArgumentException e) {
            org.jboss.logging.Logger.getLogger(Spool.class).warnf("Could not remove the replaced copy %s: %s", relativePath, e.getMessage());
        }
    }

    /** Moves an instance we could not accept aside, with a note saying why; returns its new path. */
    public Path quarantine(Path file, String reason) throws IOException {
        Path target = quarantineDir().resolve(Instant.now().toEpochMilli() + "-" + file.getFileName());
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        OwnerOnly.file(target);
        Path note = Files.writeString(target.resolveSibling(target.getFileName() + ".reason.txt"), reason + "\n", StandardCharsets.UTF_8);
        OwnerOnly.file(note);
        makeDurable(target);
        return target;
    }

    public String relativize(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString();
    }

    public Path resolve(String relativePath) {
        Path p = root.resolve(relativePath).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path escapes the spool: " + relativePath);
        }
        return p;
    }
}
