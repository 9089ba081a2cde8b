package org.landscape.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.landscape.data.Dataset;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.train.EnsembleTrainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times {@link EnsembleTrainer}: N networks 100-n-10 (tanh, softmax cross-entropy, unit-cube initialisation scaled by
 * 0.01 so that nothing saturates), SGD with momentum on minibatches of 100, on synthetic 10-class data. The time of one
 * epoch is the difference between a run of 1 + E epochs and one of 1 epoch, divided by E, so set-up (initialisation)
 * and the loss evaluations at the first and last epoch cancel out; each is the best of {@code repeats} runs.
 *
 * <pre>  java ... org.landscape.bench.EnsembleBench [networks=1000] [examples=1000] [epochs=2] [widths=25,100,500]
 *        [precisions=float,double] [threads=2] [repeats=2]</pre>
 * Prints one "java" line per width and precision and the "gemm" lines (ND4J's float and double GEMM rate).
 */
public final class EnsembleBench {
    private EnsembleBench() {
    }

    public static void main(String[] args) {
        int networks = 1000, examples = 1000, epochs = 2, threads = 2, repeats = 2;
        int[] widths = {25, 100, 500};
        String[] precisions = {"float", "double"};
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "networks": networks = Integer.parseInt(kv[1]); break;
                case "examples": examples = Integer.parseInt(kv[1]); break;
                case "epochs": epochs = Integer.parseInt(kv[1]); break;
                case "threads": threads = Integer.parseInt(kv[1]); break;
                case "repeats": repeats = Integer.parseInt(kv[1]); break;
                case "widths": widths = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray(); break;
                case "precisions": precisions = kv[1].split(","); break;
                default: throw new IllegalArgumentException("unknown argument " + a
                        + ": use networks=, examples=, epochs=, threads=, widths=, precisions=");
            }
        }
        System.out.printf(Locale.ROOT, "# OPENBLAS_CORETYPE=%s, %d cores, max heap %d MB, vector API %s%n",
                System.getenv("OPENBLAS_CORETYPE"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, org.landscape.model.internal.DenseKernels.vectorApi());
        Dataset data = synthetic(examples, 100, 10, 1);
        for (String p : precisions) {
            EnsembleTrainer.Precision precision = EnsembleTrainer.Precision.valueOf(p.toUpperCase(Locale.ROOT));
            for (int n : widths) {
                Network.Builder b = Network.builder(Architecture.of(100, n, 10)).activation(Activation.TANH)
                        .loss(Loss.CROSS_ENTROPY).init(Network.Init.UNIT_CUBE);
                time(b, data, networks, 1, precision, threads); // warm-up of the JIT
                double one = Double.MAX_VALUE, more = Double.MAX_VALUE;
                for (int r = 0; r < repeats; r++) { // the best of a few: other work on the machine only adds time
                    one = Math.min(one, time(b, data, networks, 1, precision, threads));
                    more = Math.min(more, time(b, data, networks, 1 + epochs, precision, threads));
                }
                double epoch = (more - one) / epochs;
                double samples = (double) networks * examples / epoch;
                double flops = 2.0 * (2 * 100 * n + 3 * n * 10); // forward, weight gradients, hidden delta
                System.out.printf(Locale.ROOT, "java precision=%s width=%d networks=%d examples=%d epoch_s=%.4f "
                                + "samples_per_s=%.0f gflops=%.2f%n", p, n, networks, examples, epoch, samples,
                        samples * flops / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "gemm precision=float n=2000 gflops=%.2f%n", gemmRate(DataType.FLOAT, 2000, 5));
        System.out.printf(Locale.ROOT, "gemm precision=double n=2000 gflops=%.2f%n", gemmRate(DataType.DOUBLE, 2000, 5));
    }

    private static double time(Network.Builder b, Dataset data, int networks, int epochs,
                               EnsembleTrainer.Precision precision, int threads) {
        long s = System.nanoTime();
        EnsembleTrainer.sgd(0.01).momentum(0.9).batchSize(100).epochs(epochs).initScale(0.01).precision(precision)
                .threads(threads).progress(false).train("bench", b, data, networks, 1);
        return (System.nanoTime() - s) / 1e9;
    }

    static Dataset synthetic(int m, int inputs, int classes, long seed) {
        Random random = new Random(seed);
        double[][] x = new double[m][inputs], y = new double[m][classes];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < inputs; j++) {
                x[i][j] = random.nextDouble();
            }
            y[i][random.nextInt(classes)] = 1;
        }
        return Dataset.of("bench", x, y);
    }

    static double gemmRate(DataType type, int n, int reps) {
        INDArray a = Nd4j.rand(type, n, n), b = Nd4j.rand(type, n, n), c = Nd4j.create(type, n, n);
        a.mmuli(b, c);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long s = System.nanoTime();
            a.mmuli(b, c);
            best = Math.min(best, (System.nanoTime() - s) / 1e9);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
