package org.landscape.slice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Architecture;
import org.landscape.model.Network;

class SurfaceTest {
    private static final DoubleBinaryOperator BOWL = (x, y) -> (x - 0.5) * (x - 0.5) + 2 * (y + 1) * (y + 1);

    @Test
    void gridHoldsTheFunctionAtEachPoint() {
        Surface s = Surface.evaluate("bowl", Axis.of("x", -2, 2, 41), Axis.of("y", -3, 1, 21), BOWL);
        assertTrue(s.isComplete());
        for (int j = 0; j < 21; j++) {
            for (int i = 0; i < 41; i++) {
                assertEquals(BOWL.applyAsDouble(-2 + 0.1 * i, -3 + 0.2 * j), s.value(i, j), 1e-12);
            }
        }
        int[] at = s.argmin();
        assertEquals(0.5, s.x().value(at[0]), 1e-12);
        assertEquals(-1, s.y().value(at[1]), 1e-12);
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void interruptedEvaluationResumesToTheSameGrid(@TempDir Path dir) {
        Axis x = Axis.of("x", -1, 1, 15), y = Axis.of("y", -1, 1, 11);
        Surface whole = Surface.evaluate("bowl", x, y, BOWL);
        Surface partial = Surface.grid("bowl", x, y);
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> partial.fill((a, b) -> {
            if (calls.incrementAndGet() > 70) {
                throw new IllegalStateException("stopped");
            }
            return BOWL.applyAsDouble(a, b);
        }));
        assertEquals(70, partial.computedPoints());
        assertFalse(partial.isComplete());
        // Save the partial grid, load it, finish it: only the missing points are computed.
        partial.write(dir.resolve("partial.csv"));
        Surface loaded = Surface.read(dir.resolve("partial.csv"));
        assertEquals(70, loaded.computedPoints());
        AtomicInteger more = new AtomicInteger();
        loaded.fill((a, b) -> {
            more.incrementAndGet();
            return BOWL.applyAsDouble(a, b);
        });
        assertEquals(15 * 11 - 70, more.get());
        for (int j = 0; j < 11; j++) {
            for (int i = 0; i < 15; i++) {
                assertEquals(whole.value(i, j), loaded.value(i, j), 0);
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void overflowingPointsAreNaNNotACrash() {
        Surface s = Surface.evaluate("exp", Axis.of("x", 0, 1000, 3), Axis.of("y", 0, 1, 2), (a, b) -> Math.exp(a));
        assertTrue(Double.isNaN(s.value(2, 0)));
        assertEquals(1.0, s.value(0, 0), 0);
        assertTrue(s.summary().contains("min 1"), s.summary());
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void aGridThatWouldNotFitIsRefusedBeforeAllocating() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Surface.grid("huge", Axis.of("x", 0, 1, 1_000_000), Axis.of("y", 0, 1, 1_000_000)));
        assertTrue(e.getMessage().contains("grid needs") && e.getMessage().contains("MB"), e.getMessage());
    }

    @Test
    void planeAtOriginIsTheLossAtMuAndBadDirectionsAreRefused() {
        Dataset data = Synthetic.teacher(50, 4, 1);
        Network net = Network.builder(Architecture.of(5, 6, 1)).seed(2).build();
        int n = (int) net.parameterCount();
        double[] mu = net.parameters();
        java.util.Random r = new java.util.Random(5);
        double[] d1 = new double[n], d2 = new double[n];
        for (int k = 0; k < n; k++) {
            d1[k] = r.nextGaussian();
            d2[k] = r.nextGaussian();
        }
        Surface s = Slices.plane(net, data, mu, d1, d2, Axis.of("a", -1, 1, 5), Axis.of("b", -1, 1, 5));
        assertEquals(net.loss(mu, data), s.value(2, 2), 1e-12);
        assertEquals(mu[0], net.parameters()[0], 0, "parameters restored");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Slices.plane(net, data, mu, new double[3], d2, Axis.of("a", 0, 1, 2), Axis.of("b", 0, 1, 2)));
        assertTrue(e.getMessage().startsWith("d1 has 3 entries"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Slices.plane(net, data, mu, new double[n], d2, Axis.of("a", 0, 1, 2), Axis.of("b", 0, 1, 2)));
        assertTrue(e.getMessage().contains("zero vector"), e.getMessage());
        double[] twice = d1.clone();
        for (int k = 0; k < n; k++) {
            twice[k] *= -2;
        }
        e = assertThrows(IllegalArgumentException.class,
                () -> Slices.plane(net, data, mu, d1, twice, Axis.of("a", 0, 1, 2), Axis.of("b", 0, 1, 2)));
        assertTrue(e.getMessage().contains("parallel"), e.getMessage());
    }

    @Test
    void aGridLargerThanATableOfItCanBeSavedAndRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // 2000 x 2000 points: the grid takes 32 MB; as a table, or as one string, it would need several times that.
        // A child JVM with a 160 MB heap saves and reads it back only if both stream.
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m", "-cp", System.getProperty("java.class.path"), SurfaceSaveChild.class.getName(),
                dir.resolve("big.csv").toString(), "2000").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.trim().endsWith("ok"), out);
    }
}
