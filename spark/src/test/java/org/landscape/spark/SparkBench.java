package org.landscape.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.landscape.data.Dataset;
import org.landscape.data.Mnist;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.slice.Axis;
import org.landscape.slice.Directions;
import org.landscape.slice.Plane;
import org.landscape.slice.Slices;
import org.landscape.slice.Surface;
import org.landscape.train.EnsembleRun;
import org.landscape.train.EnsembleTrainer;

/**
 * Timings, not tests (tag "bench", left out of every test run; bench/spark_bench.sh runs them): the same ensemble and
 * grid on the plain path and on Spark, local (overhead) and on the standalone cluster with two workers and then one
 * (scaling). Each result is also compared by digest, so a timing of a wrong result is never printed as a speed-up.
 */
@Tag("bench")
class SparkBench {
    static final Path OUT = Path.of(System.getProperty("bench.out", "target/spark-bench.txt"));
    static final Dataset.Split split = Mnist.subset().downsampled(10).dataset().split(2.0 / 3, 2);
    static final Network.Builder builder = Network.builder(Architecture.of(100, 25, 10)).activation(Activation.RELU)
            .loss(Loss.CROSS_ENTROPY).init(Network.Init.UNIT_CUBE);
    static final int NETWORKS = 48, EPOCHS = 100, PER_BLOCK = 4, GRID = 121, ROWS = 6;

    static EnsembleTrainer trainer() {
        return EnsembleTrainer.sgd(0.3).decay(0.98).batchSize(100).epochs(EPOCHS).initScale(0.01).recordEvery(5)
                .test(split.test()).progress(false);
    }

    static Network net = builder.seed(1).build();
    static Plane plane = Plane.random(net, 7, Directions.Normalisation.FILTER, false);
    static Axis a = Axis.of("a", -1, 1, GRID), b = Axis.of("b", -1, 1, GRID);

    static double seconds(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e9;
    }

    static <T> T timed(double[] into, Supplier<T> work) {
        long t = System.nanoTime();
        T result = work.get();
        into[0] = (System.nanoTime() - t) / 1e9;
        return result;
    }

    static void report(String line) {
        System.out.println("BENCH " + line);
        try {
            Files.createDirectories(OUT.toAbsolutePath().getParent());
            Files.writeString(OUT, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The ensemble and the grid on {@code spark}, each against the plain path's digest; returns {ensemble s, grid s}. */
    static double[] onSpark(Spark spark, String digestEnsemble, String digestGrid) {
        double[] te = new double[1], tg = new double[1];
        EnsembleRun run = timed(te, () -> spark.run(trainer().job("w25", builder, split.train(), NETWORKS, 1, PER_BLOCK)));
        Surface[] grid = timed(tg, () -> spark.run(Slices.planeJob(net, split.train(), plane, a, b, ROWS)));
        assertEquals(digestEnsemble, run.digest());
        assertEquals(digestGrid, grid[0].digest());
        return new double[]{te[0], tg[0]};
    }

    static double[] plain(String[] digests) {
        double[] te = new double[1], tg = new double[1];
        EnsembleRun run = timed(te, () -> trainer().train("w25", builder, split.train(), NETWORKS, 1));
        Surface[] grid = timed(tg, () -> Slices.planeWithAccuracy(net, split.train(), plane, a, b));
        digests[0] = run.digest();
        digests[1] = grid[0].digest();
        return new double[]{te[0], tg[0]};
    }

    static String what() {
        return String.format(Locale.ROOT, "ensemble %d x 100-25-10, %d epochs on %d digits, blocks of %d; grid %d x %d "
                        + "on %d digits, blocks of %d rows; %d cores", NETWORKS, EPOCHS, split.train().size(), PER_BLOCK,
                GRID, GRID, split.train().size(), ROWS, Runtime.getRuntime().availableProcessors());
    }

    @Test
    void localSparkAgainstThePlainPath() {
        String[] digests = new String[2];
        plain(digests); // warm-up: JIT, data, DL4J
        double[] here = plain(digests);
        try (Spark spark = Spark.session("local[*]")) {
            onSpark(spark, digests[0], digests[1]); // warm-up: Spark's first job
            double[] there = onSpark(spark, digests[0], digests[1]);
            report(what());
            report(String.format(Locale.ROOT, "plain path: ensemble %.2f s, grid %.2f s", here[0], here[1]));
            report(String.format(Locale.ROOT, "local Spark (%s): ensemble %.2f s (%.2fx), grid %.2f s (%.2fx); same digests",
                    spark.master(), there[0], there[0] / here[0], there[1], there[1] / here[1]));
        }
    }

    @Test
    @Tag("cluster")
    void clusterWithTwoWorkersThenOne() {
        ClusterFixture cluster = ClusterFixture.get();
        String[] digests = new String[2];
        double[] here = plain(digests);
        Spark spark = cluster.session();
        try {
            cluster.ensureWorkers(2);
            ClusterFixture.awaitExecutors(spark, 2);
            onSpark(spark, digests[0], digests[1]); // warm-up: executors fetch the jars, JIT
            double[] two = onSpark(spark, digests[0], digests[1]);
            cluster.killWorker();
            double[] one = onSpark(spark, digests[0], digests[1]);
            report(what());
            report(String.format(Locale.ROOT, "plain path in the driver: ensemble %.2f s, grid %.2f s", here[0], here[1]));
            report(String.format(Locale.ROOT, "cluster, 2 workers x 1 core: ensemble %.2f s, grid %.2f s", two[0], two[1]));
            report(String.format(Locale.ROOT, "cluster, 1 worker x 1 core: ensemble %.2f s, grid %.2f s "
                    + "(1 worker / 2 workers: %.2f, %.2f); same digests", one[0], one[1], one[0] / two[0], one[1] / two[1]));
        } finally {
            spark.close();
        }
    }
}
