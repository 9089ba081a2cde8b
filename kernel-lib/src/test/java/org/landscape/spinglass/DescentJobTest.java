package org.landscape.spinglass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.util.BlockJob;
import org.landscape.util.Shipped;

/**
 * A descent's walker blocks computed on "other machines" (deserialised copies, reverse order, the glass made again
 * from its seed) give {@link Descent#run}'s bits; half-done work resumes on either path with nothing done twice.
 * (Without blocks the batches' make-up differs and so do the last bits: 2 of these 11 walkers' energies, when
 * checked.)
 */
class DescentJobTest {
    private static Descent descent() {
        return Descent.walkers(11).seed(3).tolerance(1e-6).noise(0.05, 20).walkersPerBlock(4);
    }

    private static void assertSame(DescentResult expected, DescentResult actual) {
        assertArrayEquals(expected.walkerIds(), actual.walkerIds());
        assertArrayEquals(expected.steps(), actual.steps());
        assertArrayEquals(expected.energies(), actual.energies(), 0.0);
        assertArrayEquals(expected.gradientRms(), actual.gradientRms(), 0.0);
        assertArrayEquals(expected.converged(), actual.converged());
        for (int j = 0; j < expected.finished(); j++) {
            assertArrayEquals(expected.point(j), actual.point(j), 0.0, "walker " + j);
        }
        assertEquals(expected.walkerSteps(), actual.walkerSteps(), "walker-steps: nothing done twice or left out");
    }

    @Test
    void blocksElsewhereGiveTheSingleMachineBits() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(20, 3, 5)) {
            DescentResult local = descent().run(glass);
            DescentJob job = descent().job(glass);
            assertEquals(3, job.blocks());
            DescentResult blocks = Shipped.run(job);
            assertSame(local, blocks);
            assertEquals(local.digest(), blocks.digest());
            assertFalse(local.digest().equals(Descent.walkers(11).seed(4).tolerance(1e-6).run(glass).digest()));
        }
    }

    @Test
    void aBlockOnAGlassMadeAgainFromItsSeedIsTheSame() {
        DescentResult local;
        DescentJob job;
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(20, 3, 5)) {
            local = descent().run(glass);
            job = descent().job(glass);
        } // closed: an executor makes the glass again
        assertSame(local, Shipped.run(job));
    }

    @Test
    void aHalfDoneJobResumesHereAndTheOtherWayRound(@TempDir Path dir) {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(18, 3, 8)) {
            DescentResult expected = descent().run(glass);

            Path file = dir.resolve("job.saved");
            DescentJob job = descent().saveTo(file).job(glass);
            assertTrue(job.accept(1, Shipped.copy(job).compute(1)));
            assertFalse(job.accept(1, Shipped.copy(job).compute(1)), "a block accepted twice counts once");
            IllegalStateException early = assertThrows(IllegalStateException.class, job::finish);
            assertTrue(early.getMessage().contains("[0, 2]"), early.getMessage());
            job.interrupted(); // saved: a new kernel's descent continues with blocks 0 and 2
            assertSame(expected, descent().saveTo(file).run(glass));

            Path file2 = dir.resolve("local.saved");
            Descent first = descent().saveTo(file2);
            first.afterStep = steps -> {
                if (steps == 120) {
                    Thread.currentThread().interrupt();
                }
            };
            assertThrows(CancellationException.class, () -> first.run(glass));
            assertTrue(Thread.interrupted());
            assertTrue(first.finishedWalkers() > 0 && first.finishedWalkers() < 11, "" + first.finishedWalkers());
            DescentJob rest = descent().saveTo(file2).job(glass);
            assertTrue(rest.isDone(0) || !rest.isDone(2), "blocks run in order here");
            assertSameEnergies(expected, BlockJob.runHere(rest));
        }
    }

    /** A block begun here and then recomputed whole elsewhere counts its steps again; its numbers are the same. */
    private static void assertSameEnergies(DescentResult expected, DescentResult actual) {
        assertArrayEquals(expected.steps(), actual.steps());
        assertArrayEquals(expected.energies(), actual.energies(), 0.0);
        for (int j = 0; j < expected.finished(); j++) {
            assertArrayEquals(expected.point(j), actual.point(j), 0.0, "walker " + j);
        }
    }

    @Test
    void anExecutorWithAnotherBlasThreadCountGivesTheDriversBits() {
        org.nd4j.linalg.api.blas.Blas blas = org.nd4j.linalg.factory.Nd4j.factory().blas();
        int driver = blas.getMaxThreads();
        int other = driver == 1 ? 2 : 1; // Spark's executors get one BLAS thread per task slot
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(40, 3, 6)) {
            java.util.function.Supplier<Descent> descent = () -> Descent.walkers(96).walkersPerBlock(8).seed(8);
            DescentResult here = descent.get().run(glass);
            DescentJob job = descent.get().job(glass);
            blas.setMaxThreads(other);
            try {
                DescentResult otherThreads = descent.get().run(glass);
                // the products round by the thread count (on this machine: measured), which the job has to undo
                org.junit.jupiter.api.Assumptions.assumeFalse(here.digest().equals(otherThreads.digest()),
                        "this BLAS rounds alike at 1 and 2 threads: nothing for the job to undo here");
                assertEquals(here.digest(), Shipped.run(job).digest());
            } finally {
                blas.setMaxThreads(driver);
            }
        }
    }

    @Test
    void blockSizeMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Descent.walkers(5).walkersPerBlock(0));
        assertTrue(e.getMessage().contains("walkersPerBlock"), e.getMessage());
    }
}
