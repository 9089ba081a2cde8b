package org.landscape.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.hessian.DenseEigen;
import org.landscape.hessian.DenseMatrix;
import org.landscape.hessian.HessianVectorProduct;
import org.landscape.hessian.Lanczos;
import org.landscape.hessian.Spectrum;
import org.landscape.hessian.Vectors;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;

/**
 * The Hessian toolkit's speed: for three tanh networks 100 -> w -> w -> 1 on 1000 examples, the time of a gradient,
 * of a Hessian-vector product and their ratio; Lanczos's top 10 eigenvalues (time, products); a dense symmetric
 * eigendecomposition at n = 2000. It also writes each network's parameters and data to {@code out} so that
 * bench/hessian_bench.py can time PyTorch on the very same problems and compare the eigenvalues.
 *
 * <pre>java ... org.landscape.bench.HessianBench OUT_DIR [widths, default 32,128,300] [top-10 for: all|largest]</pre>
 */
public final class HessianBench {
    static final int EXAMPLES = 1000;
    static final int INPUTS = 100;
    static final int REPEATS = 15;
    static final int TOP = 10;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        int[] widths = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[]{32, 128, 300};
        boolean lanczosForAll = args.length > 2 && args[2].equals("all");
        Files.createDirectories(out);
        System.out.printf(Locale.ROOT, "java: %d cores, OPENBLAS_CORETYPE=%s, OMP_NUM_THREADS=%s, max heap %d MB%n",
                Runtime.getRuntime().availableProcessors(), System.getenv("OPENBLAS_CORETYPE"),
                System.getenv("OMP_NUM_THREADS"), Runtime.getRuntime().maxMemory() >> 20);
        Dataset data = Synthetic.teacher(EXAMPLES, INPUTS, 20, 3);
        write(out.resolve("x.bin"), data.features().dup('c').data().asDouble());
        write(out.resolve("y.bin"), data.labels().dup('c').data().asDouble());
        List<String> json = new ArrayList<>();
        for (int s = 0; s < widths.length; s++) {
            int w = widths[s];
            Network net = Network.builder(Architecture.of(INPUTS, w, w, 1)).activation(Activation.TANH).seed(1).build();
            double[] theta = net.parameters();
            write(out.resolve("theta-" + w + ".bin"), theta);
            HessianVectorProduct h = HessianVectorProduct.at(net, data);
            double[] v = Vectors.gaussian(theta.length, new Random(1));
            // The gradient the HVP differences (Risk, on plain arrays); DL4J's own for reference.
            double[] times = interleavedMedians(h::gradient, () -> h.apply(v));
            double grad = times[0], hvp = times[1];
            double dl4j = interleavedMedians(() -> net.gradient(data), h::gradient)[0];
            System.out.printf(Locale.ROOT, "java size %d: n=%d gradient %.1f ms (DL4J's %.1f ms), HVP %.1f ms, "
                    + "HVP/gradient %.2f%n", s + 1, theta.length, grad * 1e3, dl4j * 1e3, hvp * 1e3, hvp / grad);
            String lanczos = "";
            if (lanczosForAll || s == widths.length - 1) {
                long t0 = System.nanoTime();
                Spectrum top = new Lanczos().largest(h, TOP);
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "java size %d: Lanczos top-%d %.1f s, %d HVPs, converged %s: %s%n",
                        s + 1, TOP, seconds, top.products(), top.converged(), Arrays.toString(top.eigenvalues()));
                lanczos = String.format(Locale.ROOT, ", \"lanczos_s\": %.4f, \"lanczos_hvps\": %d, \"eigenvalues\": %s",
                        seconds, top.products(), Arrays.toString(top.eigenvalues()));
            }
            json.add(String.format(Locale.ROOT, "{\"width\": %d, \"n\": %d, \"gradient_ms\": %.3f, "
                    + "\"dl4j_gradient_ms\": %.3f, \"hvp_ms\": %.3f%s}", w, theta.length, grad * 1e3, dl4j * 1e3,
                    hvp * 1e3, lanczos));
        }
        double dense = denseEigen(2000);
        System.out.printf(Locale.ROOT, "java dense eigendecomposition n=2000 (LAPACK dsyevd, OpenBLAS, values and vectors, best of 3): %.2f s%n", dense);
        Files.writeString(out.resolve("java.json"), String.format(Locale.ROOT,
                "{\"examples\": %d, \"inputs\": %d, \"repeats\": %d, \"top\": %d, \"dense_2000_s\": %.4f, \"sizes\": [%s]}%n",
                EXAMPLES, INPUTS, REPEATS, TOP, dense, String.join(", ", json)));
    }

    /**
     * Median wall times in seconds of {@code a} and {@code b} over REPEATS rounds, each round timing a then b, after
     * two warm-up rounds: interleaving exposes both to the same load from other jobs on a shared machine.
     */
    static double[] interleavedMedians(Runnable a, Runnable b) {
        long warmUp = System.nanoTime();
        for (int i = 0; i < 2 || System.nanoTime() - warmUp < 2e9; i++) { // JIT warm-up, as JMH would: 2 s at least
            a.run();
            b.run();
        }
        double[] ta = new double[REPEATS], tb = new double[REPEATS];
        for (int i = 0; i < REPEATS; i++) {
            long t0 = System.nanoTime();
            a.run();
            long t1 = System.nanoTime();
            b.run();
            ta[i] = (t1 - t0) / 1e9;
            tb[i] = (System.nanoTime() - t1) / 1e9;
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[]{ta[REPEATS / 2], tb[REPEATS / 2]};
    }

    static double denseEigen(int n) {
        Random random = new Random(5);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = random.nextGaussian();
            }
        }
        DenseMatrix m = DenseMatrix.of(a);
        DenseEigen.all(DenseMatrix.of(new double[][]{{2, 1}, {1, 2}})); // loads the native library
        // Eigenvalues and eigenvectors, as torch.linalg.eigh computes them; best of three, as the Python side.
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < 3; r++) {
            long t0 = System.nanoTime();
            DenseEigen.all(m, true);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    /** Little-endian doubles, as numpy.fromfile reads them. */
    static void write(Path file, double[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(b.array());
        }
    }
}
