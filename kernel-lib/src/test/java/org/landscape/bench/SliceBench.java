package org.landscape.bench;

import java.util.Locale;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.slice.Axis;
import org.landscape.slice.Directions;
import org.landscape.slice.Plane;
import org.landscape.slice.Slices;
import org.landscape.slice.Surface;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark (not a test): points per second of a 2-D loss slice for a 100-100-10 tanh network on 10,000 examples in
 * double precision, with the library's plane evaluator and with a plain per-point DL4J loop; and the machine's
 * double GEMM rate. bench/slice_bench.sh runs it next to the PyTorch baseline. Prints "key value" lines.
 */
public final class SliceBench {
    public static void main(String[] args) {
        int examples = args.length > 0 ? Integer.parseInt(args[0]) : 10000;
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        System.out.println("gemm_gflops " + fmt(gemmRate()));

        // Gaussian inputs and random one-hot labels (the PyTorch script draws the same kind of data).
        double[][] x = new double[examples][100];
        double[][] y = new double[examples][10];
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < examples; i++) {
            for (int j = 0; j < 100; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i][r.nextInt(10)] = 1;
        }
        Dataset data = Dataset.of("bench", x, y);
        Network net = Network.builder(Architecture.of(100, 100, 10)).activation(Activation.TANH)
                .loss(Loss.CROSS_ENTROPY).seed(1).build();
        Plane plane = Plane.random(net, 3, Directions.Normalisation.FILTER, true);
        Axis a = Axis.of("a", -1, 1, side), b = Axis.of("b", -1, 1, side);

        // Warm-up, as JMH does: the evaluator's loops run interpreted until the JIT has compiled them (about a
        // second); a notebook that draws several slices pays this once per kernel.
        for (int k = 0; k < 3; k++) {
            Slices.plane(net, data, plane, a, b);
        }
        double fastSeconds = Double.POSITIVE_INFINITY; // best of three, as the PyTorch side
        Surface fast = null;
        for (int k = 0; k < 3; k++) {
            long t0 = System.nanoTime();
            fast = Slices.plane(net, data, plane, a, b);
            fastSeconds = Math.min(fastSeconds, (System.nanoTime() - t0) / 1e9);
        }
        double fastRate = side * side / fastSeconds;

        // The per-point loop every tool starts with: set theta, evaluate the network.
        int naivePoints = Math.max(9, side * side / 4);
        long t1 = System.nanoTime();
        double check = 0;
        for (int k = 0; k < naivePoints; k++) {
            double alpha = a.value(k % side), beta = b.value((k / side) % side);
            check += net.loss(plane.point(alpha, beta), data);
        }
        double naiveRate = naivePoints / ((System.nanoTime() - t1) / 1e9);
        double flopsPerPoint = 2.0 * examples * (100 * 100 + 100 * 10); // a full forward pass of 100-100-10
        System.out.println("points " + side * side);
        System.out.println("vector_api " + org.landscape.model.internal.DenseKernels.vectorApi());
        System.out.println("library_plane_points_per_s " + fmt(fastRate));
        System.out.println("library_per_point_dl4j_points_per_s " + fmt(naiveRate));
        System.out.println("forward_gflop_per_point " + fmt(flopsPerPoint / 1e9));
        System.out.println("library_plane_effective_gflops " + fmt(fastRate * flopsPerPoint / 1e9));
        System.out.println("loss_at_origin " + String.format(Locale.ROOT, "%.12f", fast.value(side / 2, side / 2)));
        System.out.println("checksum " + fmt(check));
    }

    static double gemmRate() {
        int n = 1500;
        INDArray a = Nd4j.rand(DataType.DOUBLE, n, n), b = Nd4j.rand(DataType.DOUBLE, n, n);
        a.mmul(b); // warm-up
        int reps = 5;
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            a.mmul(b);
        }
        return reps * 2.0 * n * n * n / ((System.nanoTime() - t) / 1e9) / 1e9;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
