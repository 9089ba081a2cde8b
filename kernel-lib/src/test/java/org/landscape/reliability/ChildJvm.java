package org.landscape.reliability;

import java.nio.file.Path;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.slice.Axis;
import org.landscape.slice.Surface;
import org.landscape.train.Ensemble;
import org.landscape.train.Trainer;
import org.landscape.util.Fingerprint;
import org.landscape.util.SavedFile;

/**
 * The work a child JVM does until {@link KillTest} kills it with SIGKILL: saves in a loop (SavedFile, Surface's CSV
 * checkpoint) or trains an ensemble into a directory. Prints "ready" once the work is about to start.
 */
public final class ChildJvm {
    static final Fingerprint SAVED = Fingerprint.of("kill test").add("payload", "generation, then that many doubles").build();
    static final int DOUBLES = 250_000;
    static final Axis X = Axis.of("x", 0, 1, 40), Y = Axis.of("y", 0, 1, 40);

    private ChildJvm() {
    }

    /** The ensemble of the kill test: small, a few seconds in all. */
    public static Ensemble.Result ensemble(Path directory) {
        Dataset data = Synthetic.teacher(200, 4, 1);
        return Ensemble.train("kill test", Network.builder(Architecture.of(5, 12, 1)).activation(Activation.TANH),
                Trainer.adam(0.01).batchSize(20).epochs(80), data, 8, 3, directory);
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "savedfile" -> {
                System.out.println("ready");
                System.out.flush();
                for (long g = 1; ; g++) {
                    long generation = g;
                    SavedFile.write(file, SAVED, out -> {
                        out.writeLong(generation);
                        for (int i = 0; i < DOUBLES; i++) {
                            out.writeDouble(generation);
                        }
                    });
                    System.out.println("saved " + g);
                    System.out.flush();
                }
            }
            case "csv" -> {
                // warm up (class loading, JIT) so that the kills fall during saves, not before the first one
                Surface.evaluate("generation", X, Y, (x, y) -> -1).write(file.resolveSibling("warm-up.csv"));
                System.out.println("ready");
                System.out.flush();
                for (long g = 1; ; g++) {
                    double v = g;
                    Surface.evaluate("generation", X, Y, (x, y) -> v).write(file);
                    System.out.println("saved " + g);
                    System.out.flush();
                }
            }
            case "ensemble" -> {
                Network.builder(Architecture.of(2, 2, 1)).build(); // DL4J loaded: the kill falls during training
                System.out.println("ready");
                System.out.flush();
                ensemble(file);
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
