package org.landscape.reliability;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.hessian.HessianVectorProduct;
import org.landscape.hessian.Lanczos;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.model.Risk;
import org.landscape.slice.Axis;
import org.landscape.slice.Directions;
import org.landscape.slice.Slices;
import org.landscape.spinglass.Descent;
import org.landscape.spinglass.SphericalSpinGlass;
import org.landscape.train.Trainer;
import org.landscape.util.Fingerprint;

/**
 * The library's main computations with fixed seeds, run in a child JVM under one configuration (thread-pool size,
 * BLAS threads, Vector API on or off): prints a digest of each result and saves the numbers, so that
 * {@link ReproducibilityTest} (and the README's table) can compare configurations bit for bit.
 */
public final class ReproducibilityProbe {
    private ReproducibilityProbe() {
    }

    static Map<String, double[]> compute(boolean all) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Dataset data = Synthetic.teacher(2000, 8, 1); // 8 blocks of 256 examples: the sums are split across chunks
        Network net = Network.builder(Architecture.of(5, 20, 1)).activation(Activation.TANH).seed(3).build();
        Risk risk = Risk.of(net, data);
        out.put("risk gradient", risk.gradient(net.parameters()));
        Network trained = Network.builder(Architecture.of(5, 20, 1)).activation(Activation.TANH).seed(3).build();
        out.put("training (Adam, minibatches of 500)", Trainer.adam(0.01).batchSize(500).epochs(20).seed(1)
                .progress(false).train(trained, data).finalParameters());
        out.put("plane (slice evaluator)", flat(Slices.randomPlane(trained, data, Directions.Normalisation.FILTER, 5,
                Axis.of("a", -1, 1, 7), Axis.of("b", -1, 1, 7)).values()));
        if (all) {
            out.put("Lanczos top 5 (Hessian)", new Lanczos().largest(HessianVectorProduct.at(trained, data), 5).eigenvalues());
            SphericalSpinGlass glass = SphericalSpinGlass.of(60, 3, 2);
            out.put("spin-glass descent energies", Descent.walkers(20).seed(3).run(glass).energies());
            out.put("spin-glass Hessian eigenvalues", glass.hessianEigenvalues(
                    Descent.walkers(1).seed(3).run(glass).point(0)));
        }
        return out;
    }

    private static double[] flat(double[][] a) {
        return java.util.Arrays.stream(a).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /** Prints "name: digest" per result; with a file argument also saves the numbers there. */
    public static void main(String[] args) throws Exception {
        Map<String, double[]> results = compute(args.length > 0 && args[0].equals("all"));
        DataOutputStream file = args.length > 1 ? new DataOutputStream(Files.newOutputStream(Path.of(args[1]))) : null;
        for (Map.Entry<String, double[]> e : results.entrySet()) {
            System.out.println(e.getKey() + ": " + Fingerprint.of("r").add("v", e.getValue()).build().settings().get("v"));
            if (file != null) {
                file.writeUTF(e.getKey());
                file.writeInt(e.getValue().length);
                for (double v : e.getValue()) {
                    file.writeDouble(v);
                }
            }
        }
        if (file != null) {
            file.close();
        }
    }
}
