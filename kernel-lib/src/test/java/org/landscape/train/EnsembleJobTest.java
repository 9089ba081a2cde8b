package org.landscape.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.util.BlockJob;
import org.landscape.util.Shipped;

/**
 * An ensemble trained as blocks on "other machines" (deserialised copies of the job, blocks in reverse order) gives
 * {@link EnsembleTrainer#train}'s numbers bit for bit and the same saved file; a half-finished job's file resumes on
 * the single-machine path and the other way round; a block accepted twice counts once.
 */
class EnsembleJobTest {
    @TempDir
    Path dir;

    private final Dataset train = EnsembleTrainerTest.classes(120, 5, 3, 1);
    private final Dataset test = EnsembleTrainerTest.classes(50, 5, 3, 2);
    private final Network.Builder builder = Network.builder(Architecture.of(5, 6, 3)).activation(Activation.TANH)
            .loss(Loss.CROSS_ENTROPY).init(Network.Init.UNIT_CUBE);

    private EnsembleTrainer trainer(EnsembleTrainer.Precision precision) {
        return EnsembleTrainer.sgd(0.05).momentum(0.9).decay(0.9).batchSize(32).epochs(6).recordEvery(2).test(test)
                .precision(precision).progress(false);
    }

    private static void assertSameRun(EnsembleRun expected, EnsembleRun actual) {
        assertEquals(expected.networks(), actual.networks());
        for (int k = 0; k < expected.networks(); k++) {
            assertArrayEquals(expected.theta(k), actual.theta(k), 0.0, "theta of network " + k);
            assertArrayEquals(expected.trainLoss(k), actual.trainLoss(k), 0.0, "train loss of network " + k);
            assertArrayEquals(expected.testError(k), actual.testError(k), 0.0, "test error of network " + k);
            assertEquals(expected.divergence(k), actual.divergence(k));
        }
        assertEquals(expected.table().toString(), actual.table().toString());
    }

    @Test
    void blocksOnOtherMachinesGiveTheSingleMachineBits() {
        for (EnsembleTrainer.Precision precision : EnsembleTrainer.Precision.values()) {
            EnsembleRun local = trainer(precision).train("w6", builder, train, 7, 11);
            EnsembleJob job = trainer(precision).job("w6", builder, train, 7, 11, 3);
            assertEquals(3, job.blocks());
            EnsembleRun blocks = Shipped.run(job);
            assertSameRun(local, blocks);
            assertEquals(local.digest(), blocks.digest());
        }
    }

    @Test
    void theDigestTellsRunsApartAndSurvivesTheFile() {
        EnsembleRun run = trainer(EnsembleTrainer.Precision.DOUBLE).train("w6", builder, train, 3, 11);
        EnsembleRun other = trainer(EnsembleTrainer.Precision.DOUBLE).train("w6", builder, train, 3, 12);
        assertFalse(run.digest().equals(other.digest()));
        Path file = dir.resolve("run.csv");
        run.write(file);
        assertEquals(run.digest(), EnsembleRun.read(file).digest());
    }

    @Test
    void theSavedFileIsTheSingleMachineOne() throws Exception {
        Path a = dir.resolve("local"), b = dir.resolve("blocks");
        trainer(EnsembleTrainer.Precision.DOUBLE).directory(a).train("w6", builder, train, 5, 3);
        Shipped.run(trainer(EnsembleTrainer.Precision.DOUBLE).directory(b).job("w6", builder, train, 5, 3, 2));
        assertArrayEquals(Files.readAllBytes(a.resolve("ensemble.saved")), Files.readAllBytes(b.resolve("ensemble.saved")));
        // a finished file read back: every block done, nothing to ship
        EnsembleJob again = trainer(EnsembleTrainer.Precision.DOUBLE).directory(b).job("w6", builder, train, 5, 3, 2);
        for (int k = 0; k < again.blocks(); k++) {
            assertTrue(again.isDone(k));
        }
        assertThrows(IllegalStateException.class, () -> Shipped.copy(again).compute(0));
    }

    @Test
    void aHalfDoneJobResumesOnEitherPath() {
        EnsembleRun expected = trainer(EnsembleTrainer.Precision.FLOAT).train("w6", builder, train, 6, 5);
        Path d = dir.resolve("half");
        EnsembleJob job = trainer(EnsembleTrainer.Precision.FLOAT).directory(d).saveEvery(0)
                .job("w6", builder, train, 6, 5, 2);
        job.accept(1, Shipped.copy(job).compute(1)); // then the kernel dies: block 1 is on disk
        EnsembleRun resumedHere = trainer(EnsembleTrainer.Precision.FLOAT).directory(d).train("w6", builder, train, 6, 5);
        assertSameRun(expected, resumedHere);

        Path d2 = dir.resolve("half-again");
        EnsembleJob first = trainer(EnsembleTrainer.Precision.FLOAT).directory(d2).saveEvery(0)
                .job("w6", builder, train, 6, 5, 2);
        first.accept(0, Shipped.copy(first).compute(0));
        EnsembleJob second = trainer(EnsembleTrainer.Precision.FLOAT).directory(d2).job("w6", builder, train, 6, 5, 2);
        assertTrue(second.isDone(0));
        assertFalse(second.isDone(1));
        assertSameRun(expected, BlockJob.runHere(second));
    }

    @Test
    void aBlockAcceptedTwiceCountsOnce() {
        EnsembleJob job = trainer(EnsembleTrainer.Precision.DOUBLE).job("w6", builder, train, 4, 1, 2);
        byte[] block = Shipped.copy(job).compute(0);
        assertTrue(job.accept(0, block));
        assertFalse(job.accept(0, block));
        IllegalStateException early = assertThrows(IllegalStateException.class, job::finish);
        assertTrue(early.getMessage().contains("[1]"), early.getMessage());
        job.accept(1, Shipped.copy(job).compute(1));
        assertSameRun(trainer(EnsembleTrainer.Precision.DOUBLE).train("w6", builder, train, 4, 1), job.finish());
    }

    @Test
    void badBlockSizeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(EnsembleTrainer.Precision.DOUBLE).job("w6", builder, train, 4, 1, 0));
        assertTrue(e.getMessage().contains("networksPerBlock"), e.getMessage());
    }
}
