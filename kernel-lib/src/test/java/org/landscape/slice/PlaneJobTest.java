package org.landscape.slice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.util.Shipped;

/**
 * A plane's grid computed as blocks of rows on "other machines" (deserialised copies, reverse order) is
 * {@link Slices#planeWithAccuracy}'s, bit for bit, with the first layer shared (more than 2 inputs) and not (2
 * inputs); an interrupted job's points are the next call's starting point; bad block sizes are refused.
 */
class PlaneJobTest {
    private static double[] values(Surface s) {
        double[] v = new double[s.x().points() * s.y().points()];
        for (int j = 0; j < s.y().points(); j++) {
            for (int i = 0; i < s.x().points(); i++) {
                v[j * s.x().points() + i] = s.value(i, j);
            }
        }
        return v;
    }

    private static void assertSameGrid(Network net, Dataset data) {
        Plane plane = Plane.random(net, 3, Directions.Normalisation.FILTER, false);
        Axis a = Axis.of("a", -1, 1, 9), b = Axis.of("b", -0.5, 1.5, 7);
        Surface[] local = Slices.planeWithAccuracy(net, data, plane, a, b);
        PlaneJob job = Slices.planeJob(net, data, plane, a, b, 3);
        assertEquals(3, job.blocks());
        Surface[] blocks = Shipped.run(job);
        for (int q = 0; q < 2; q++) {
            assertEquals(local[q].quantity(), blocks[q].quantity());
            assertArrayEquals(values(local[q]), values(blocks[q]), 0.0, local[q].quantity());
            assertTrue(blocks[q].isComplete());
            assertEquals(local[q].digest(), blocks[q].digest());
        }
        assertFalse(Arrays.stream(values(local[0])).anyMatch(Double::isNaN));
        assertFalse(local[0].digest().equals(local[1].digest()));
    }

    @Test
    void blocksGiveTheSingleCallsBitsWithSharedFirstLayer() {
        Dataset data = Synthetic.teacher(300, 5, 3, 1); // 300 examples: two of the evaluator's example blocks
        Network net = Network.builder(Architecture.of(5, 6, 1)).seed(2).build();
        assertTrue(PlaneEvaluator.shares(net, data));
        assertSameGrid(net, data);
    }

    @Test
    void blocksGiveTheSingleCallsBitsWithoutSharing() {
        Dataset moons = Synthetic.twoMoons(80, 0.1, 1);
        Network net = Network.builder(Architecture.of(2, 8, 2)).loss(Loss.CROSS_ENTROPY).seed(2).build();
        assertFalse(PlaneEvaluator.shares(net, moons));
        assertSameGrid(net, moons);
    }

    @Test
    void anInterruptedJobsPointsAreTheNextCallsStart() {
        Dataset data = Synthetic.teacher(40, 4, 3, 5);
        Network net = Network.builder(Architecture.of(4, 3, 1)).seed(4).build();
        Plane plane = Plane.random(net, 9, Directions.Normalisation.NONE, true);
        Axis a = Axis.of("a", -1, 1, 5), b = Axis.of("b", -1, 1, 4);
        PlaneJob job = Slices.planeJob(net, data, plane, a, b, 2);
        byte[] fake = new byte[2 * 10 * Double.BYTES]; // block 0: 2 rows of 5, losses then accuracies
        java.nio.ByteBuffer.wrap(fake).asDoubleBuffer().put(new double[20]).position(0).put(42.0);
        assertTrue(job.accept(0, fake));
        assertFalse(job.accept(0, fake));
        IllegalStateException early = assertThrows(IllegalStateException.class, job::finish);
        assertTrue(early.getMessage().contains("[1]"), early.getMessage());
        job.interrupted();
        // the next call resumes: block 0's (made-up) points are kept, the rest computed
        Surface[] next = Slices.planeWithAccuracy(net, data, plane, a, b);
        assertEquals(42.0, next[0].value(0, 0));
        assertEquals(0.0, next[0].value(4, 1));
        Surface[] fresh = Slices.planeWithAccuracy(net, data, plane, a, b);
        assertArrayEquals(Arrays.copyOfRange(values(fresh[0]), 10, 20), Arrays.copyOfRange(values(next[0]), 10, 20), 0.0);
        assertTrue(values(fresh[0])[0] != 42.0);
    }

    @Test
    void badBlockSizeIsRefused() {
        Dataset data = Synthetic.teacher(20, 4, 3, 5);
        Network net = Network.builder(Architecture.of(4, 3, 1)).seed(4).build();
        Plane plane = Plane.random(net, 9, Directions.Normalisation.NONE, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Slices.planeJob(net, data, plane, Axis.of("a", -1, 1, 3), Axis.of("b", -1, 1, 3), 0));
        assertTrue(e.getMessage().contains("rowsPerBlock"), e.getMessage());
    }
}
