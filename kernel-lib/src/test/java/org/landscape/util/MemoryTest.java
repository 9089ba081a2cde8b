package org.landscape.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Tag("reliability")
class MemoryTest {

    @Test
    void garbageDoesNotCountAsUsed() {
        // The heap reports 100 MB free until garbage is collected, then 1000 MB: a 500 MB request is granted.
        long[] free = {100_000_000};
        int[] collections = {0};
        Runnable collect = () -> {
            collections[0]++;
            free[0] = 1_000_000_000;
        };
        Memory.require(500_000_000, "a grid", "use fewer points", () -> free[0], collect);
        assertEquals(1, collections[0]);
        Memory.require(500_000_000, "a grid", "use fewer points", () -> free[0], collect);
        assertEquals(1, collections[0], "no collection when the quick estimate suffices");
        long max = Runtime.getRuntime().maxMemory();
        byte[][] junk = new byte[(int) (max / 2 / 1_000_000)][];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = new byte[1_000_000];
        }
        junk = null;
        Memory.require((long) (0.5 * max), "a real request after garbage", "none needed");
    }

    @Test
    void anImpossibleRequestNamesWhatItNeedsAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Memory.require(Runtime.getRuntime().maxMemory(), "a 20000 x 20000 grid", "use fewer points per axis"));
        assertTrue(e.getMessage().startsWith("a 20000 x 20000 grid needs ") && e.getMessage().contains("of heap but only")
                && e.getMessage().endsWith(": use fewer points per axis"), e.getMessage());
        IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
                () -> Memory.require(Runtime.getRuntime().maxMemory(), "an ensemble", "start the kernel with a larger -Xmx"));
        assertTrue(heap.getMessage().endsWith("larger -Xmx (" + Memory.LARGER_KERNEL + ")"), heap.getMessage());
        IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
                () -> Memory.require(Long.MAX_VALUE + 1, "a huge grid", "use fewer points"));
        assertTrue(overflow.getMessage().contains("overflowed"), overflow.getMessage());
        assertEquals("3.4 MB", Memory.size(3_400_000));
        assertEquals("512 B", Memory.size(512));
        assertEquals("1.20 GB", Memory.size(1_200_000_000));
    }
}
