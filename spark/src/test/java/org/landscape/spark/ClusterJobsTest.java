package org.landscape.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Mnist;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.slice.Axis;
import org.landscape.slice.Directions;
import org.landscape.slice.Plane;
import org.landscape.slice.PlaneJob;
import org.landscape.slice.Slices;
import org.landscape.slice.Surface;
import org.landscape.spinglass.Descent;
import org.landscape.spinglass.DescentJob;
import org.landscape.spinglass.DescentResult;
import org.landscape.spinglass.SphericalSpinGlass;
import org.landscape.train.EnsembleJob;
import org.landscape.train.EnsembleRun;
import org.landscape.train.EnsembleTrainer;

/**
 * The library's three jobs on a real standalone cluster (two workers, separate JVMs, Spark's jars only: kernel-lib
 * and ND4J shipped by the driver): an ensemble, a loss-and-accuracy grid and a spin-glass descent equal their
 * single-machine results bit for bit, the ensemble's saved file is the single-machine one, and each job completes
 * with the same bits when a worker is killed midway.
 */
class ClusterJobsTest extends OnCluster {
    static final Dataset digits = Mnist.subset().downsampled(10).dataset().sample(1000, 1);
    static final Network.Builder builder = Network.builder(Architecture.of(100, 10, 10)).activation(Activation.RELU)
            .loss(Loss.CROSS_ENTROPY).init(Network.Init.UNIT_CUBE);

    @TempDir
    Path dir;

    private static EnsembleTrainer trainer(int epochs) {
        return EnsembleTrainer.sgd(0.3).momentum(0.5).decay(0.98).batchSize(100).epochs(epochs).initScale(0.01)
                .recordEvery(5).progress(false);
    }

    private static Plane plane(Network net) {
        return Plane.random(net, 7, Directions.Normalisation.FILTER, false);
    }

    @Test
    void anEnsembleAGridAndADescentAreTheSingleMachinesBits() throws Exception {
        EnsembleRun here = trainer(10).directory(dir.resolve("here")).train("w10", builder, digits, 6, 1);
        EnsembleRun there = spark.run(trainer(10).directory(dir.resolve("there")).job("w10", builder, digits, 6, 1, 2));
        assertEquals(here.digest(), there.digest());
        for (int k = 0; k < 6; k++) {
            assertArrayEquals(here.theta(k), there.theta(k), 0.0, "network " + k);
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("here/ensemble.saved")),
                Files.readAllBytes(dir.resolve("there/ensemble.saved")), "the same saved file");

        Network net = builder.seed(3).build();
        Axis a = Axis.of("a", -1, 1, 11), b = Axis.of("b", -1, 1, 9);
        Surface[] grid = Slices.planeWithAccuracy(net, digits, plane(net), a, b);
        Surface[] gridThere = spark.run(Slices.planeJob(net, digits, plane(net), a, b, 2));
        assertEquals(grid[0].digest(), gridThere[0].digest());
        assertEquals(grid[1].digest(), gridThere[1].digest());

        try (SphericalSpinGlass glass = SphericalSpinGlass.of(25, 3, 4)) {
            DescentResult ends = Descent.walkers(30).walkersPerBlock(5).seed(2).run(glass);
            DescentResult endsThere = spark.run(Descent.walkers(30).walkersPerBlock(5).seed(2).job(glass));
            assertEquals(ends.digest(), endsThere.digest());
            assertEquals(ends.walkerSteps(), endsThere.walkerSteps());
        }
    }

    @Test
    void anEnsembleLosingAWorkerMidwayHasTheSameBits() throws Exception {
        EnsembleRun here = trainer(400).train("w10", builder, digits, 16, 5); // about a second per network
        EnsembleJob job = trainer(400).job("w10", builder, digits, 16, 5, 1);
        assertEquals(here.digest(), withAWorkerKilled(job).digest());
    }

    @Test
    void aGridAndADescentLosingAWorkerMidwayHaveTheSameBits() throws Exception {
        Network net = builder.seed(9).build();
        Dataset all = Mnist.subset().downsampled(10).dataset(); // 10,000 digits, 81 x 80 points: blocks of about a second
        Axis a = Axis.of("a", -1, 1, 81), b = Axis.of("b", -1, 1, 80);
        Surface[] grid = Slices.planeWithAccuracy(net, all, plane(net), a, b);
        PlaneJob gridJob = Slices.planeJob(net, all, plane(net), a, b, 4);
        assertEquals(grid[0].digest(), withAWorkerKilled(gridJob)[0].digest());

        cluster.ensureWorkers(2);
        ClusterFixture.awaitExecutors(spark, 2);
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(40, 3, 6)) {
            Supplier<Descent> descent = () -> Descent.walkers(96).walkersPerBlock(8).seed(8); // 12 blocks
            DescentResult ends = descent.get().run(glass);
            DescentJob job = descent.get().job(glass);
            assertEquals(ends.digest(), withAWorkerKilled(job).digest());
        }
    }
}
