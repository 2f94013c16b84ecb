package org.mammoai.node.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Flushes folder entries to disk for several associations at once (group commit): a caller's folders join the
 * batch that is forming; whoever finds no flush running takes that batch and fsyncs each distinct folder once;
 * every caller returns only after a flush that included its folders, so nothing is acknowledged before it is durable.
 */
final class FolderSync {
    private static final class Batch {
        final Set<Path> folders = new LinkedHashSet<>();
        boolean done;
        IOException error;
    }

    /** Flushes one folder's entries to disk. */
    interface Flush {
        void folder(Path folder) throws IOException;
    }

    private final Flush flush;
    private final Object lock = new Object();
    private Batch forming = new Batch();
    private boolean flushing;
    private long flushes, foldersSynced;
    private int waiting;

    FolderSync() {
        this(folder -> {
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            }
        });
    }

    FolderSync(Flush flush) {
        this.flush = flush;
    }

    void sync(Collection<Path> folders) throws IOException {
        Batch mine;
        synchronized (lock) {
            forming.folders.addAll(folders);
            mine = forming;
            while (!mine.done) {
                if (!flushing) { // nobody is flushing: take the forming batch (ours, with whatever joined it)
                    flushing = true;
                    forming = new Batch();
                    break;
                }
                try {
                    waiting++;
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for folders to reach the disk");
                } finally {
                    waiting--;
                }
            }
            if (mine.done) {
                if (mine.error != null) throw new IOException(mine.error.getMessage(), mine.error);
                return;
            }
        }
        IOException error = null;
        for (Path folder : mine.folders) {
            try {
                flush.folder(folder);
            } catch (IOException e) {
                if (error == null) error = e;
            }
        }
        synchronized (lock) {
            mine.done = true;
            mine.error = error;
            flushing = false;
            flushes++;
            foldersSynced += mine.folders.size();
            lock.notifyAll();
        }
        if (error != null) throw error;
    }

    /** Callers waiting for a flush now (tests). */
    int waiting() {
        synchronized (lock) {
            return waiting;
        }
    }

    /** Flushes so far and folders flushed in them (tests: concurrent callers share flushes). */
    long[] counts() {
        synchronized (lock) {
            return new long[] {flushes, foldersSynced};
        }
    }
}
