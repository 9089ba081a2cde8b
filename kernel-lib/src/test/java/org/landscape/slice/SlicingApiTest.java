package org.landscape.slice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;

/** The one-call slicing API: metrics, planes, lines, axes through marks, values and extrema of surfaces. */
class SlicingApiTest {
    private final Dataset data = Synthetic.teacher(60, 4, 3);

    private Network net(long seed) {
        return Network.builder(Architecture.of(5, 6, 1)).activation(Activation.TANH).seed(seed).build();
    }

    @Test
    void axisThroughMarksPutsEveryMarkOnTheGrid() {
        Axis a = Axis.through("t", -0.5, 1.5, 30, 0, 1);
        assertTrue(a.points() >= 30);
        assertEquals(0, a.value(a.index(0)), 1e-15);
        assertEquals(1, a.value(a.index(1)), 1e-15);
        assertEquals(-1, Axis.of("t", 0, 1, 4).index(0.5));
        assertThrows(IllegalArgumentException.class, () -> Axis.through("t", 0, 1, 10, 2));
        assertThrows(IllegalArgumentException.class, () -> Axis.of("a", -1e308, 1e308, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Axis.of("a", 0, 1, 5).value(5));
    }

    @Test
    void valueAtIsExactOnGridPointsAndBilinearBetween() {
        Surface s = Surface.evaluate("plane", Axis.of("x", 0, 1, 11), Axis.of("y", 0, 2, 5), (x, y) -> 3 * x - y + 1);
        assertEquals(3 * 0.3 - 1 + 1, s.valueAt(0.3, 1), 1e-12);
        assertEquals(3 * 0.37 - 0.7 + 1, s.valueAt(0.37, 0.7), 1e-12); // bilinear is exact on a linear function
        assertThrows(IllegalArgumentException.class, () -> s.valueAt(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> s.value(11, 0));
    }

    @Test
    void localMinimaAndStrictMaximaOfAnAnalyticSurface() {
        // cos(pi x) cos(pi y) on [-1, 1]^2: maxima at (0,0), (+-1,+-1); minima at (+-1, 0), (0, +-1).
        Surface s = Surface.evaluate("f", Axis.of("x", -1, 1, 21), Axis.of("y", -1, 1, 21),
                (x, y) -> Math.cos(Math.PI * x) * Math.cos(Math.PI * y));
        List<Surface.Point> minima = s.localMinima(), maxima = s.strictLocalMaxima();
        assertEquals(4, minima.size(), minima.toString());
        assertEquals(5, maxima.size(), maxima.toString());
        assertEquals(-1, minima.get(0).value(), 1e-12);
        assertTrue(maxima.stream().anyMatch(p -> Math.abs(p.x()) < 1e-12 && Math.abs(p.y()) < 1e-12));
    }

    @Test
    void builtinAndCustomMetricsAgree() {
        Network net = net(1);
        Plane plane = Plane.random(net, 4, Directions.Normalisation.FILTER, false);
        Axis a = Axis.of("a", -1, 1, 5), b = Axis.of("b", -1, 1, 4);
        Surface fast = Slices.plane(net, data, plane, a, b, Metric.LOSS);
        Surface slow = Slices.plane(net, data, plane, a, b, Metric.of("loss by DL4J", Network::loss));
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 5; i++) {
                assertEquals(slow.value(i, j), fast.value(i, j), 1e-10 * Math.max(1, slow.value(i, j)));
            }
        }
        assertEquals("loss by DL4J", slow.quantity());
        assertTrue(fast.plane() == plane);
    }

    @Test
    void accuracyMetricOnAClassifier() {
        Dataset moons = Synthetic.twoMoons(80, 0.1, 1);
        Network net = Network.builder(Architecture.of(2, 8, 2)).loss(Loss.CROSS_ENTROPY).seed(2).build();
        Surface acc = Slices.randomPlane(net, moons, Directions.Normalisation.FILTER, 3, Axis.of("a", -1, 1, 3),
                Axis.of("b", -1, 1, 3), Metric.ACCURACY);
        assertEquals(net.accuracy(moons), acc.valueAt(0, 0), 1e-12);
    }

    @Test
    void throughThreeHasTheSolutionsExactlyOnTheGrid() {
        Network net = net(1);
        double[] t1 = net(1).parameters(), t2 = net(2).parameters(), t3 = net(3).parameters();
        Surface s = Slices.throughThree(net, data, t1, t2, t3, 9);
        assertEquals(net.loss(t1, data), s.valueAt(0, 0), 1e-10);
        assertEquals(net.loss(t2, data), s.valueAt(1, 0), 1e-10);
        assertEquals(net.loss(t3, data), s.valueAt(0, 1), 1e-10);
    }

    @Test
    void randomLineStartsAtTheNetworkAndLineMatchesInterpolation() {
        Network net = net(1);
        Curve c = Slices.randomLine(net, data, Directions.Normalisation.FILTER, 5, Axis.of("t", -1, 1, 5));
        assertEquals(net.loss(data), c.valueAt(0), 1e-10);
        double[] a = net(1).parameters(), b = net(2).parameters(), mid = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            mid[i] = 0.75 * a[i] + 0.25 * b[i];
        }
        assertEquals(net.loss(mid, data), Slices.line(net, data, a, b, Axis.of("t", 0, 1, 5)).valueAt(0.25), 1e-10);
    }

    @Test
    void pcaPlaneContainsAPlanarTrajectoryAndProjectsIt() {
        Network net = net(1);
        double[] mu = net.parameters();
        double[] u = Directions.random(net, 1, Directions.Normalisation.NONE, true), v = Directions.random(net, 2,
                Directions.Normalisation.NONE, true);
        double[][] path = new double[12][mu.length];
        for (int k = 0; k < 12; k++) {
            for (int i = 0; i < mu.length; i++) {
                path[k][i] = mu[i] + 0.01 * k * u[i] + 0.02 * Math.sin(k) * v[i];
            }
        }
        Surface s = Slices.pcaPlane(net, data, path, 7);
        Projection p = s.plane().project(path);
        for (double d : p.distances()) {
            assertEquals(0, d, 1e-9);
        }
        for (double x : p.x()) {
            assertTrue(x >= s.xMin() && x <= s.xMax());
        }
    }

    @Test
    void planesWithinAndAcrossLayersMoveOnlyThoseLayers() {
        Network net = Network.builder(Architecture.of(5, 6, 4, 1)).seed(1).build();
        Plane p = Plane.randomInLayers(net, 1, Directions.Normalisation.FILTER, 0, 1);
        var layers = net.layout().layers();
        double[] d1 = p.d1(), d2 = p.d2();
        for (int i = 0; i < d1.length; i++) {
            boolean inFirst = i >= layers.get(0).weightOffset && i < layers.get(0).weightOffset + layers.get(0).weightCount();
            boolean inSecond = i >= layers.get(1).weightOffset && i < layers.get(1).weightOffset + layers.get(1).weightCount();
            assertTrue(inFirst || d1[i] == 0);
            assertTrue(inSecond || d2[i] == 0);
        }
        assertThrows(IllegalArgumentException.class, () -> Plane.randomInLayers(net, 1, Directions.Normalisation.FILTER, 0, 3));
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void anInterruptedPlaneResumesWhenTheSameCallRunsAgain() {
        Network net = net(1);
        Plane plane = Plane.random(net, 4, Directions.Normalisation.FILTER, false);
        Axis a = Axis.of("a", -1, 1, 6), b = Axis.of("b", -1, 1, 5);
        AtomicInteger calls = new AtomicInteger();
        Metric counting = Metric.of("counted loss", (n, d) -> {
            if (calls.incrementAndGet() == 12) {
                Thread.currentThread().interrupt(); // as the kernel does when the cell is interrupted
            }
            return n.loss(d);
        });
        assertThrows(CancellationException.class, () -> Slices.plane(net, data, plane, a, b, counting));
        assertTrue(Thread.interrupted());
        int before = calls.get();
        Surface s = Slices.plane(net, data, plane, a, b, counting);
        assertTrue(s.isComplete());
        assertEquals(30, calls.get(), "only the points not yet computed are evaluated again (" + before + " before)");
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void anInterruptedLineResumesWhenTheSameCallRunsAgainAndAQuickCurveSaysItStartsOver() {
        Network net = net(1);
        double[] a = net.parameters(), b = a.clone();
        for (int i = 0; i < b.length; i++) {
            b[i] += 0.1 * (i % 3 - 1);
        }
        Axis t = Axis.of("t", -0.5, 1.5, 21);
        AtomicInteger calls = new AtomicInteger();
        Metric counting = Metric.of("counted loss", (n, d) -> {
            if (calls.incrementAndGet() == 8) {
                Thread.currentThread().interrupt();
            }
            return n.loss(d);
        });
        CancellationException stop = assertThrows(CancellationException.class, () -> Slices.line(net, data, a, b, t, counting));
        assertTrue(Thread.interrupted());
        assertTrue(stop.getMessage().contains("after 8 of 21") && stop.getMessage().contains("resumes"), stop.getMessage());
        Curve resumed = Slices.line(net, data, a, b, t, counting);
        assertEquals(21, calls.get(), "only the 13 points not yet computed are evaluated again");
        Curve whole = Slices.line(net, data, a, b, t, Metric.of("loss again", (n, d) -> n.loss(d)));
        assertArrayEquals(whole.values(), resumed.values(), 0);
        // the built-in loss through the fast evaluator resumes likewise
        Thread.currentThread().interrupt();
        assertThrows(CancellationException.class, () -> Slices.line(net, data, a, b, t));
        assertTrue(Thread.interrupted());
        Curve fastResumed = Slices.line(net, data, a, b, t);
        assertArrayEquals(Slices.line(net, data, a, b, t).values(), fastResumed.values(), 0);
        // Curve.evaluate keeps nothing, and says so
        Thread.currentThread().interrupt();
        CancellationException quick = assertThrows(CancellationException.class,
                () -> Curve.evaluate("f", t, x -> x * x));
        assertTrue(Thread.interrupted());
        assertTrue(quick.getMessage().contains("nothing is kept") && !quick.getMessage().contains("resumes"),
                quick.getMessage());
        // work made with Progress.start keeps nothing: its message says running again starts over
        Thread.currentThread().interrupt();
        CancellationException plain = assertThrows(CancellationException.class, () -> {
            try (org.landscape.display.Progress p = org.landscape.display.Progress.start("search", 10)) {
                p.step();
            }
        });
        assertTrue(Thread.interrupted());
        assertTrue(plain.getMessage().contains("starts over") && !plain.getMessage().contains("resumes"), plain.getMessage());
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void nonFiniteOrOverflowingPlaneInputsAreRefused() {
        double[] ok = {1, 0}, other = {0, 1};
        assertThrows(IllegalArgumentException.class, () -> new Plane(new double[]{Double.NaN, 0}, ok, other, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> new Plane(new double[2], new double[]{1e300, 1e300}, other, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> new Plane(new double[2], ok, new double[]{0, Double.POSITIVE_INFINITY}, "a", "b"));
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void readNamesFileAndLineAndChecksCoordinates(@TempDir Path dir) throws Exception {
        Surface s = Surface.evaluate("f", Axis.of("x", 0, 1, 3), Axis.of("y", 0, 1, 2), (x, y) -> x + y);
        Path file = dir.resolve("s.csv");
        s.write(file);
        s.write(file); // replaces atomically, leaves no temporary file
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count());
        }
        assertEquals(s.valueAt(1, 1), Surface.read(file).valueAt(1, 1), 0);
        List<String> lines = Files.readAllLines(file);
        int header = lines.indexOf("x,y,f,computed"); // 0-based; its line number is header + 1
        assertTrue(header > 0, lines.toString());
        List<String> swapped = new java.util.ArrayList<>(lines);
        swapped.set(header + 1, lines.get(header + 2));
        swapped.set(header + 2, lines.get(header + 1));
        Files.write(file, swapped);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Surface.read(file));
        assertTrue(e.getMessage().contains("line " + (header + 2)) && e.getMessage().contains(file.toAbsolutePath().toString())
                && e.getMessage().contains("rows reordered"), e.getMessage());
        List<String> broken = new java.util.ArrayList<>(lines);
        broken.set(header + 3, "0.5,abc");
        Files.write(file, broken);
        e = assertThrows(IllegalArgumentException.class, () -> Surface.read(file));
        assertTrue(e.getMessage().contains("line " + (header + 4)) && e.getMessage().contains("2 cells, expected 4"),
                e.getMessage());
        assertFalse(e.getMessage().contains("ArrayIndexOutOfBounds"), e.getMessage());
    }

    @Test
    void passHeightIsTheLowestMaximumOverAllGridPaths() {
        // Two wells at x = -1 and x = 1 with a ridge along x = 0 whose lowest point (height 1) is at y = 0.5.
        Surface s = Surface.evaluate("f", Axis.of("x", -2, 2, 41), Axis.of("y", -1, 2, 31),
                (x, y) -> (x * x - 1) * (x * x - 1) + (y - 0.5) * (y - 0.5));
        assertEquals(1.0, s.passHeight(-1, 0.5, 1, 0.5), 1e-12);
        assertEquals(0.0, s.passHeight(-1, 0.5, -1, 0.5), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> s.passHeight(-1.05, 0.5, 1, 0.5));
    }

    @Test
    void syntheticCurvesAndRandomLabels() {
        Dataset even = Synthetic.evenly(5, -1, 1, x -> 2 * x);
        assertEquals(1.0, even.features().getDouble(4, 0), 0);
        assertEquals(-1.0, even.labels().getDouble(2, 0) - 1, 1e-15);
        Dataset curve = Synthetic.curve(30, 0, 1, Math::sin, 0, 3);
        for (int i = 0; i < 30; i++) {
            assertEquals(Math.sin(curve.features().getDouble(i, 0)), curve.labels().getDouble(i, 0), 1e-12);
        }
        assertEquals(3, Synthetic.randomLabels(7, 3, 1).inputWidth());
        assertThrows(IllegalArgumentException.class, () -> Synthetic.curve(5, 1, 0, Math::sin, 0, 1));
    }

    @Test
    void cosinesAreTheAbsoluteCosinesOfTheSeededDirections() {
        Network net = net(1);
        double[] u = net(2).parameters();
        double[] c = Directions.cosines(net, u, Directions.Normalisation.FILTER, 3, 40);
        assertEquals(Directions.absCosine(Directions.random(net, 41, Directions.Normalisation.FILTER, false), u), c[1], 0);
        assertEquals(Directions.absCosine(Directions.random(net, 40, Directions.Normalisation.NONE, true), u),
                Directions.cosines(net, u, Directions.Normalisation.NONE, 1, 40)[0], 0);
    }
}
