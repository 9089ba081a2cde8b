package org.landscape.bench;

import java.util.Arrays;
import java.util.Locale;
import org.landscape.spinglass.Descent;
import org.landscape.spinglass.SphericalSpinGlass;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times one projected gradient-descent step of the spherical 3-spin glass for many walkers at once
 * ({@link Descent#step}: monomials, one matrix product per coupling block, projection, retraction) and compares
 * its floating-point rate with the machine's double GEMM rate, measured in the same run with ND4J's mmul.
 *
 * <pre>  java ... org.landscape.bench.SpinGlassBench [walkers=1000] [repeats=3] [sizes=100,250,500]</pre>
 * Prints one "java-step" line per size and one "gemm" line; bench/spinglass_bench.sh reads them.
 */
public final class SpinGlassBench {
    private SpinGlassBench() {
    }

    public static void main(String[] args) {
        int walkers = 1000, repeats = 3;
        int[] sizes = {100, 250, 500};
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "walkers": walkers = Integer.parseInt(kv[1]); break;
                case "repeats": repeats = Integer.parseInt(kv[1]); break;
                case "sizes": sizes = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray(); break;
                default: throw new IllegalArgumentException("unknown argument " + a + ": use walkers=, repeats=, sizes=");
            }
        }
        System.out.printf(Locale.ROOT, "# OPENBLAS_CORETYPE=%s, %d cores, max heap %d MB, off-heap limit %d MB%n",
                System.getenv("OPENBLAS_CORETYPE"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, org.bytedeco.javacpp.Pointer.maxBytes() >> 20);
        double gemm = gemmRate(2000, 5);
        System.out.printf(Locale.ROOT, "gemm n=2000 gflops=%.2f%n", gemm);
        for (int lambda : sizes) {
            long t0 = System.nanoTime();
            try (SphericalSpinGlass glass = SphericalSpinGlass.of(lambda, 1)) {
                double build = (System.nanoTime() - t0) / 1e9;
                double[][] points = new double[walkers][];
                for (int k = 0; k < walkers; k++) {
                    points[k] = glass.randomPoint(k);
                }
                double eta = Descent.defaultStepSize(3);
                Descent.step(glass, points, eta); // warm-up
                double[] times = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    long s = System.nanoTime();
                    Descent.step(glass, points, eta);
                    times[r] = (System.nanoTime() - s) / 1e9;
                }
                Arrays.sort(times);
                double step = times[repeats / 2];
                double flops = walkers * glass.flopsPerGradient();
                double rate = flops / step / 1e9;
                double plain = 2.0 * walkers * Math.pow(lambda, 3) / step / 1e9; // the plain lambda x lambda^2 product
                System.out.printf(Locale.ROOT, "java-step lambda=%d walkers=%d couplings_mb=%.0f build_s=%.2f step_s=%.4f "
                                + "gflops=%.2f fraction_of_gemm=%.2f plain_equivalent_gflops=%.2f%n",
                        lambda, walkers, glass.couplingBytes() / 1e6, build, step, rate, rate / gemm, plain);
            }
        }
        double after = gemmRate(2000, 5);
        System.out.printf(Locale.ROOT, "gemm-after n=2000 gflops=%.2f%n", after);
    }

    /** The best of {@code reps} n x n double matrix products, in GFLOP/s. */
    static double gemmRate(int n, int reps) {
        INDArray a = Nd4j.rand(DataType.DOUBLE, n, n), b = Nd4j.rand(DataType.DOUBLE, n, n);
        INDArray c = Nd4j.create(DataType.DOUBLE, n, n);
        a.mmuli(b, c); // warm-up
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long s = System.nanoTime();
            a.mmuli(b, c);
            best = Math.min(best, (System.nanoTime() - s) / 1e9);
        }
        a.close();
        b.close();
        c.close();
        return 2.0 * n * n * n / best / 1e9;
    }
}
