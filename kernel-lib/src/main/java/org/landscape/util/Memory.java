package org.landscape.util;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The library's one free-memory check, so that every entry point that allocates refuses up front, the same way, with
 * the size and the fix. The heap's free space counts garbage not yet collected as used, so before refusing it
 * collects once and measures again: the same request is then granted or refused whatever ran before.
 */
public final class Memory {
    /** The share of the free heap one request may take: the rest is left for what the computation allocates. */
    public static final double MAX_FREE_FRACTION = 0.8;
    /** How to get the project's kernel with a larger heap (45% of the budget; Binder's 2 GB gives 900 MB). */
    public static final String LARGER_KERNEL =
            "the project's kernel with more memory: bash scripts/launch.sh --memory-gb 6, then restart the kernel";

    private Memory() {
    }

    /**
     * Refuses, before anything is allocated, a request of {@code bytes} for {@code what} that would take more than
     * {@link #MAX_FREE_FRACTION} of the free heap; {@code fix} says what to do instead (e.g. "use fewer points per
     * axis or start the kernel with a larger -Xmx").
     */
    public static void require(long bytes, String what, String fix) {
        require(bytes, what, fix, Memory::quickFree, System::gc);
    }

    static void require(long bytes, String what, String fix, LongSupplier quickFree, Runnable collect) {
        if (bytes < 0) {
            throw new IllegalArgumentException(what + " needs a negative amount of memory (" + bytes
                    + " bytes): its size overflowed; " + fix);
        }
        long free = quickFree.getAsLong();
        if (bytes > MAX_FREE_FRACTION * free) { // garbage not yet collected counts as used: collect, measure again
            collect.run();
            free = quickFree.getAsLong();
        }
        if (bytes <= MAX_FREE_FRACTION * free) {
            return;
        }
        // "-Xmx" alone does not tell a student how to get a larger heap in a notebook: say how.
        String how = fix.contains("-Xmx") ? " (" + LARGER_KERNEL + ")" : "";
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "%s needs %s of heap but only %s is free (max heap %s): %s%s", what, size(bytes), size(free),
                size(Runtime.getRuntime().maxMemory()), fix, how));
    }

    /**
     * Bytes the heap can still give. Collects garbage first when the quick estimate is below {@code wanted}, so
     * garbage is not counted as used.
     */
    public static long freeHeap(double wanted) {
        long free = quickFree();
        if (free < wanted) {
            System.gc();
            free = quickFree();
        }
        return free;
    }

    private static long quickFree() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** A byte count for people: 512 B, 3.4 MB, 1.20 GB. */
    public static String size(long bytes) {
        if (bytes < 1_000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
