package org.landscape.adapt;

/**
 * DL4J's passes outside a training loop leave their arrays off the heap (about 6 MB per batch of 100 digits through a
 * small LeNet with batch norm, 14 MB through a graph), freed only when the garbage collector finds their small Java
 * handles. The heap hardly grows meanwhile, so collections are rare: a grid of evaluations took the kernel to 1.9 GB
 * of Binder's 2 GB. Collecting every {@link #BATCHES} batches kept a LeNet's process flat at 440 MB; a rule on the
 * process's growth instead (collect after +64 MB) still grew, since reused memory does not show as growth. A
 * collection also waits for ten times its own last duration of work, so a large heap costs at most a tenth.
 */
final class NativeMemory {
    static final int BATCHES = 10;
    private static int batches;
    private static long lastEnd;
    private static long lastCost;

    private NativeMemory() {
    }

    static synchronized void afterBatch() {
        long now = System.nanoTime();
        if (++batches >= BATCHES && now - lastEnd >= 10 * lastCost) {
            System.gc();
            batches = 0;
            lastEnd = System.nanoTime();
            lastCost = lastEnd - now;
        }
    }
}
