package org.landscape.reliability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Mnist;
import org.landscape.data.Synthetic;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.slice.Axis;
import org.landscape.slice.Slices;
import org.landscape.train.Trainer;

/**
 * Issue 10, items 15 and 16: huge sizes are refused up front with the size and the fix, and bad settings with an
 * error naming the parameter and the fix, before anything is allocated.
 */
@Tag("reliability")
class BadInputTest {
    private static void refused(Executable call, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
        }
    }

    /** IDX files whose headers claim {@code n} images and labels, followed by {@code real} images and labels. */
    private static void idx(Path images, Path labels, int n, int real, int label) throws Exception {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(images))) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[28 * 28 * real]);
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(labels))) {
            out.writeInt(0x801);
            out.writeInt(n);
            for (int i = 0; i < real; i++) {
                out.writeByte(i == real - 1 ? label : 3);
            }
        }
    }

    @Test
    void hugeSizesAreRefusedUpFrontWithTheSizeAndTheFix(@TempDir Path dir) throws Exception {
        Network net = Network.builder(Architecture.of(2, 2, 1)).build();
        Dataset data = Synthetic.randomLabels(10, 2, 1);
        double[] a = net.parameters(), b = a.clone();
        b[0] += 1;
        refused(() -> Slices.line(net, data, a, b, Axis.of("t", 0, 1, 2_000_000_000)),
                "a curve of 2000000000 points", "GB", "fewer points");
        refused(() -> Synthetic.teacher(1_000_000_000, 8, 1), "Synthetic.teacher with 1000000000 samples", "GB",
                "fewer samples");
        Path images = dir.resolve("images.idx"), labels = dir.resolve("labels.idx");
        idx(images, labels, 2_000_000_000, 2, 3);
        refused(() -> Mnist.read(images, labels), "MNIST (2000000000 images", "GB", "header");
    }

    @Test
    void badSettingsNameTheParameterAndTheFix(@TempDir Path dir) throws Exception {
        refused(() -> Trainer.sgd(0.1).recordEvery(0), "recordEvery", ">= 1");
        refused(() -> Trainer.sgd(0.1).maxSnapshots(1), "maxSnapshots", ">= 2");
        refused(() -> Trainer.sgd(0.1).earlyStopping(2, Double.NaN), "minDelta", "NaN", "use 0");
        refused(() -> Trainer.sgd(0.1).earlyStopping(2, -1), "minDelta", ">= 0");
        refused(() -> Network.builder(Architecture.of(2, 2, 1)).activation(null), "activation", "Activation.TANH");
        refused(() -> Dataset.of("d", new double[][]{{1, 2}}, null), "labels is null", "one row per example");
        refused(() -> Dataset.of("d", null, new double[][]{{1}}), "features is null");
        refused(() -> Dataset.of("d", new double[][]{{1, 2}, {3}}, new double[][]{{1}, {2}}), "features row 1 has 1 values");
        refused(() -> Dataset.of("d", new double[][]{{1, 2}, {3, 4}}, new double[][]{{1}}), "labels have 1");
        Dataset three = Synthetic.randomLabels(3, 2, 1);
        refused(() -> three.rows("r", new int[]{0, 5}), "rows[1] = 5", "0 to 2");
        refused(() -> three.rows("r", new int[]{-1}), "rows[0] = -1");
        Path images = dir.resolve("images.idx"), labels = dir.resolve("labels.idx");
        idx(images, labels, 4, 4, 12);
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> Mnist.read(images, labels));
        assertTrue(e.getCause().getMessage().contains("label 3 of the MNIST labels file is 12: labels are digits 0..9"),
                e.getCause().getMessage());
        idx(images, labels, 10, 4, 3);
        e = assertThrows(java.io.UncheckedIOException.class, () -> Mnist.read(images, labels));
        assertTrue(e.getCause().getMessage().contains("end early") && e.getCause().getMessage().contains("truncated"),
                e.getCause().getMessage());
    }
}
