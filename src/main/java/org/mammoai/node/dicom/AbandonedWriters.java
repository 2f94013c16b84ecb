package org.mammoai.node.dicom;

/**
 * PixelMed writes a received object through an AsynchronousOutputStream, whose unnamed writer thread ("Thread-N") can be
 * left waiting when an association breaks off mid-object; it lives in the association's thread group. Only those are
 * interrupted at the association's end: a pool thread (Quarkus executor, Agroal, ...) that happened to be started from
 * the association thread is in that group too, and an interrupt would close the database's file channel under it.
 */
final class AbandonedWriters {
    private AbandonedWriters() {}

    /** Interrupts the group's unnamed threads other than the caller; returns how many. */
    static int interrupt(ThreadGroup group) {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n = group.enumerate(threads, true);
        int interrupted = 0;
        for (int i = 0; i < n; i++) {
            Thread t = threads[i];
            if (t != Thread.currentThread() && t.getName().matches("Thread-[0-9]+")) {
                t.interrupt();
                interrupted++;
            }
        }
        return interrupted;
    }
}
