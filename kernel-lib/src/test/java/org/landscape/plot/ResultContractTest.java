package org.landscape.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.hessian.DeadUnits;
import org.landscape.hessian.DenseEigen;
import org.landscape.hessian.DenseMatrix;
import org.landscape.hessian.GaussNewton;
import org.landscape.hessian.Lanczos;
import org.landscape.hessian.LayerCurvature;
import org.landscape.hessian.LayerwiseHessian;
import org.landscape.hessian.NetworkCriticalPoints;
import org.landscape.hessian.ProductCost;
import org.landscape.hessian.RescaledHessians;
import org.landscape.hessian.ScaledSpectra;
import org.landscape.hessian.SpectralDensity;
import org.landscape.hessian.Trace;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.slice.Axis;
import org.landscape.slice.Curve;
import org.landscape.slice.Surface;
import org.landscape.spinglass.CriticalPointSearch;
import org.landscape.spinglass.Descent;
import org.landscape.spinglass.DescentResult;
import org.landscape.spinglass.DescentStudy;
import org.landscape.spinglass.SphericalSpinGlass;
import org.landscape.train.Ensemble;
import org.landscape.train.Trainer;
import org.landscape.train.TrainingRun;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The contract every library result keeps, in the manner of EJML's one suite per algorithm family: the same verbs
 * (a summary, a figure that renders, a table with named columns, a file), and {@code read(write(x))} gives the same
 * numbers bit for bit, the same summary, table and picture, and writing it again
 * gives the same file. A file that is not what {@code read} expects is refused naming the file, the line and the fix.
 */
class ResultContractTest {
    private static final Dataset DATA = Synthetic.teacher(24, 3, 4, 0.1, 1);
    private static final Map<String, Result> MADE = new LinkedHashMap<>();

    private static Network net(Activation activation, long seed) {
        return Network.builder(Architecture.of(3, 4, 1)).activation(activation).seed(seed).build();
    }

    /** Every result type, by a small instance of each (and of each form: partial, diverged, refined). */
    private static final Map<String, Supplier<Result>> CASES = new LinkedHashMap<>();

    static {
        CASES.put("Surface", () -> Surface.evaluate("loss", Axis.of("alpha", -1, 1, 5), Axis.of("beta", -0.5, 0.5, 4),
                (x, y) -> x == 0.5 ? Double.NaN : Math.exp(x) * Math.sin(3 * y) + 1.0 / 3));
        CASES.put("Surface, partly computed", () -> {
            Surface s = Surface.grid("loss", Axis.of("alpha", 0, 1, 4), Axis.of("beta", 0, 1, 3));
            int[] calls = {0};
            try {
                s.fill((x, y) -> {
                    if (++calls[0] > 5) {
                        throw new IllegalStateException("stopped");
                    }
                    return x * x + Math.PI * y;
                });
            } catch (IllegalStateException expected) {
                // five points computed, seven to go
            }
            return s;
        });
        CASES.put("PathSum", () -> org.landscape.model.Paths.of(net(Activation.RELU, 3)).on(DATA));
        CASES.put("PathAssumptions", () -> org.landscape.model.Paths.of(net(Activation.RELU, 3)).on(DATA).assumptions(40, 1));
        CASES.put("EnsembleRun", () -> org.landscape.train.EnsembleTrainer.sgd(0.05).batchSize(8).epochs(3).progress(false)
                .test(Synthetic.teacher(10, 3, 4, 0.1, 2))
                .train("3-4-1 tanh", Network.builder(Architecture.of(3, 4, 1)).activation(Activation.TANH), DATA, 3, 1));
        CASES.put("Curve", () -> Curve.evaluate("loss", Axis.of("t", -0.25, 1.25, 7), t -> Math.sin(3 * t) + 0.1 / 3));
        CASES.put("TrainingRun", () -> Trainer.sgd(0.05).batchSize(0).epochs(6).progress(false)
                .test(Synthetic.teacher(10, 3, 4, 0.1, 2)).name("3-4-1 tanh").train(net(Activation.TANH, 1), DATA));
        CASES.put("TrainingRun, diverged", () -> Trainer.sgd(1e200).batchSize(0).epochs(4).progress(false)
                .train(net(Activation.TANH, 2), DATA));
        CASES.put("Ensemble.Result", () -> Ensemble.run("runs, one diverged, one failed", 4, null, (index, seed) -> {
            if (index == 3) {
                throw new IllegalStateException("a broken run,\nwith a comma and a line break");
            }
            return Trainer.sgd(index == 2 ? 1e200 : 0.05).batchSize(0).epochs(3).progress(false)
                    .train(net(Activation.TANH, seed), DATA);
        }));
        CASES.put("Ensemble.Result, converged", () -> Ensemble.train("3-4-1", Network.builder(Architecture.of(3, 4, 1))
                .activation(Activation.TANH), Trainer.adam(0.02).batchSize(0).epochs(1500), DATA, 3, 10).converged(1e-6, 100));
        CASES.put("Spectrum, complete", () -> DenseEigen.all(symmetric(24, 1), true).named("a random 24 x 24 matrix"));
        CASES.put("Spectrum, largest", () -> new Lanczos().largest(symmetric(30, 2), 3));
        CASES.put("SpectralDensity", () -> SpectralDensity.estimate(symmetric(30, 3), 3, 8, 1).named("a test matrix"));
        CASES.put("Trace.Estimate", () -> Trace.hutchinson(symmetric(12, 4), 7, 1));
        CASES.put("Trace.Estimate, exact", () -> Trace.exact(symmetric(12, 4)));
        CASES.put("DescentResult", () -> {
            try (SphericalSpinGlass glass = SphericalSpinGlass.of(12, 3, 1)) {
                Descent d = Descent.walkers(6).tolerance(1e-3).seed(1);
                d.run(glass);
                return d.computeIndices(glass, 3);
            }
        });
        CASES.put("DescentStudy", () -> DescentStudy.sizes(10, 14).walkers(4).tolerance(1e-3).indexChecks(2).run());
        CASES.put("CriticalPoints", () -> {
            try (SphericalSpinGlass glass = SphericalSpinGlass.of(10, 3, 2)) {
                return CriticalPointSearch.starts(12).seed(1).run(glass);
            }
        });
        CASES.put("ProductCost", () -> ProductCost.measure(DATA, 3, net(Activation.TANH, 7)));
        CASES.put("Projection", () -> ((TrainingRun) made("TrainingRun")).trajectory()
                .onto(((TrainingRun) made("TrainingRun")).trajectory().pca(2).plane()));
        CASES.put("LayerwiseHessian", () -> LayerwiseHessian.of(net(Activation.RELU, 3), DATA));
        CASES.put("ScaledSpectra", () -> ScaledSpectra.of(DenseMatrix.identity(3), DenseMatrix.diagonal(-1, 0.5, 1),
                0.1, 1, 10));
        CASES.put("DeadUnits", () -> DeadUnits.ranks(Architecture.of(3, 4, 1), DATA, 4, new double[]{0, 0.5, 1},
                Activation.RELU, Activation.LEAKY_RELU));
        CASES.put("LayerCurvature", () -> LayerCurvature.survey("tanh", net(Activation.TANH, 4), DATA, 2, 0.5, 2, 0));
        CASES.put("RescaledHessians", () -> {
            GaussNewton split = GaussNewton.at(net(Activation.TANH, 5), DATA);
            return RescaledHessians.of(split, split.h0(), split.h1(), 0.01, 1, 100);
        });
        CASES.put("NetworkCriticalPoints", () -> NetworkCriticalPoints.search(net(Activation.TANH, 6), DATA, 3, 5));
        CASES.put("EnsembleIndex", () -> ((org.landscape.train.EnsembleRun) made("EnsembleRun")).indices(DATA,
                org.landscape.hessian.EnsembleIndex.settings().progress(false)));
        CASES.put("EnsembleIndex, Lanczos", () -> org.landscape.hessian.EnsembleIndex.settings().progress(false)
                .denseLimit(0).smallest(3).of("3-4-1 tanh", net(Activation.TANH, 8), DATA,
                        new double[][]{net(Activation.TANH, 8).parameters(), net(Activation.TANH, 9).parameters()}));
        CASES.put("CurveRun", () -> org.landscape.train.CurveTrainer.sgd(0.05).batchSize(8).epochs(3).points(5).progress(false)
                .test(Synthetic.teacher(10, 3, 4, 0.1, 2)).train(net(Activation.TANH, 1), DATA,
                        org.landscape.slice.ModeCurve.bezier(net(Activation.TANH, 1).parameters(), net(Activation.TANH, 2).parameters())));
        CASES.put("Sharpness.Comparison", () -> {
            org.landscape.hessian.Sharpness.Settings s = org.landscape.hessian.Sharpness.settings().steps(3).traceProducts(6)
                    .progress(false);
            Network relu = net(Activation.RELU, 3);
            return s.of("one", relu, DATA, Synthetic.teacher(10, 3, 4, 0.1, 2), new double[][]{relu.parameters(),
                    net(Activation.RELU, 4).parameters()}).and(s.of("two", relu, DATA, null, net(Activation.RELU, 5).parameters()));
        });
        CASES.put("EnsembleStudy", () -> org.landscape.train.EnsembleStudy.widths(2, 3, 5).networks(4)
                .network(w -> Network.builder(Architecture.of(3, w, 1)).activation(Activation.TANH))
                .trainer(org.landscape.train.EnsembleTrainer.sgd(0.05).batchSize(8).epochs(4).recordEvery(2)
                        .progress(false))
                .run(DATA, Synthetic.teacher(10, 3, 4, 0.1, 2)));
        CASES.put("EnsembleStudy.Indices", () -> ((org.landscape.train.EnsembleStudy) made("EnsembleStudy"))
                .indices(DATA, org.landscape.hessian.EnsembleIndex.settings().progress(false), 2));
    }

    private static DenseMatrix symmetric(int n, long seed) {
        java.util.Random random = new java.util.Random(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = random.nextGaussian();
            }
        }
        return DenseMatrix.of(a);
    }

    private static synchronized Result made(String name) {
        Result r = MADE.get(name);
        if (r == null) { // not computeIfAbsent: one case may be made from another
            r = CASES.get(name).get();
            MADE.put(name, r);
        }
        return r;
    }

    static Stream<String> cases() {
        return CASES.keySet().stream();
    }

    static Stream<String> readable() {
        return cases().filter(name -> readMethod(made(name).getClass()) != null);
    }

    private static Method readMethod(Class<?> type) {
        try {
            Method m = type.getMethod("read", Path.class);
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Result read(Class<?> type, Path file) {
        try {
            return (Result) readMethod(type).invoke(null, file);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------------------------------------- the verbs

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersTheVerbs(String name, @TempDir Path dir) throws IOException {
        Result r = made(name);
        assertFalse(r.summary().isBlank(), name + ": summary");
        assertEquals(r.summary(), r.toString(), name + ": toString is the summary");
        BufferedImage image = r.figure().image();
        assertTrue(image.getWidth() > 0 && image.getHeight() > 0, name + ": figure renders");
        Table t = r.table();
        assertTrue(t.rowCount() > 0 && t.columnCount() > 0, name + ": table not empty");
        Set<String> names = new HashSet<>();
        for (String column : t.columnNames()) {
            assertFalse(column.isBlank(), name + ": a column without a name");
            assertTrue(names.add(column), name + ": column '" + column + "' twice");
        }
        Path file = dir.resolve("r.csv");
        r.write(file);
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), name + ": no temporary file left");
        }
        assertTrue(Tables.read(file).rowCount() > 0, name + ": its file is a CSV table any reader opens");
        assertEquals(r.summary(), r.toMimeBundle().get(org.landscape.display.MimeBundle.TEXT), name + ": text form");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void readsBackWhatItWrote(String name, @TempDir Path dir) throws IOException {
        Result r = made(name);
        Path file = dir.resolve("r.csv");
        r.write(file);
        Result back = read(r.getClass(), file);
        assertEquals(r.getClass(), back.getClass());
        assertEquals(r.summary(), back.summary(), name + ": summary");
        assertTablesEqual(r.table(), back.table(), name);
        assertImagesEqual(r.figure().image(), back.figure().image(), name);
        Path again = dir.resolve("again.csv");
        back.write(again);
        assertEquals(Files.readString(file), Files.readString(again), name + ": written again, the same file");
        String first = Files.readAllLines(file).get(0);
        assertTrue(first.startsWith("# landscape ") && first.contains(".read"), name + ": says what it is: " + first);
    }

    /** Same columns, types and names; doubles bit for bit (NaN where NaN), every other cell as text. */
    static void assertTablesEqual(Table expected, Table actual, String what) {
        assertEquals(expected.name(), actual.name(), what + ": table name");
        assertEquals(expected.columnNames(), actual.columnNames(), what + ": columns");
        assertEquals(expected.rowCount(), actual.rowCount(), what + ": rows");
        for (int c = 0; c < expected.columnCount(); c++) {
            Column<?> e = expected.column(c), a = actual.column(c);
            assertEquals(e.type(), a.type(), what + ": type of " + e.name());
            for (int i = 0; i < e.size(); i++) {
                if (e instanceof tech.tablesaw.api.DoubleColumn d) {
                    assertEquals(Double.doubleToLongBits(d.getDouble(i)),
                            Double.doubleToLongBits(((tech.tablesaw.api.DoubleColumn) a).getDouble(i)),
                            what + ": " + e.name() + " row " + i + ": " + d.getDouble(i) + " vs " + a.getString(i));
                } else {
                    assertEquals(e.getString(i), a.getString(i), what + ": " + e.name() + " row " + i);
                }
            }
        }
    }

    private static void assertImagesEqual(BufferedImage expected, BufferedImage actual, String what) {
        assertEquals(expected.getWidth(), actual.getWidth(), what + ": figure width");
        assertEquals(expected.getHeight(), actual.getHeight(), what + ": figure height");
        int w = expected.getWidth(), h = expected.getHeight();
        assertArrayEquals(expected.getRGB(0, 0, w, h, null, 0, w), actual.getRGB(0, 0, w, h, null, 0, w),
                what + ": the same picture, pixel for pixel");
    }

    /** What is read back is the numbers themselves, not their printed forms. */
    @Test
    void numbersComeBackBitForBit(@TempDir Path dir) {
        double[] awkward = {0.1 + 0.2, 1.0 / 3, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, Math.PI * 1e17,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.8106666666666666};
        Curve.of("f", Axis.of("t", 0, 1, awkward.length), awkward).write(dir.resolve("c.csv"));
        double[] back = Curve.read(dir.resolve("c.csv")).values();
        for (int i = 0; i < awkward.length; i++) {
            assertEquals(Double.doubleToLongBits(awkward[i]), Double.doubleToLongBits(back[i]), "value " + i + ": "
                    + awkward[i] + " read back as " + back[i]);
        }
        Surface s = (Surface) made("Surface");
        s.write(dir.resolve("s.csv"));
        double[][] v = s.values(), w = Surface.read(dir.resolve("s.csv")).values();
        for (int j = 0; j < v.length; j++) {
            for (int i = 0; i < v[j].length; i++) {
                assertEquals(Double.doubleToLongBits(v[j][i]), Double.doubleToLongBits(w[j][i]), "(" + i + ", " + j + ")");
            }
        }
    }

    /** A partly computed surface read back finishes with only its missing points. */
    @Test
    void aPartlyComputedSurfaceReadBackComputesOnlyTheRest(@TempDir Path dir) {
        Surface partial = (Surface) made("Surface, partly computed");
        partial.write(dir.resolve("p.csv"));
        Surface back = Surface.read(dir.resolve("p.csv"));
        assertEquals(partial.computedPoints(), back.computedPoints());
        int[] calls = {0};
        back.fill((x, y) -> {
            calls[0]++;
            return x * x + Math.PI * y;
        });
        assertEquals(12 - 5, calls[0]);
        assertTrue(back.isComplete());
    }

    /** Read back, a result says plainly what its file does not hold. */
    @Test
    void whatTheFileDoesNotHoldIsRefusedClearly(@TempDir Path dir) {
        TrainingRun run = (TrainingRun) made("TrainingRun");
        run.write(dir.resolve("run.csv"));
        TrainingRun back = TrainingRun.read(dir.resolve("run.csv"));
        String message = assertThrows(IllegalStateException.class, back::finalParameters).getMessage();
        assertTrue(message.contains(dir.resolve("run.csv").toAbsolutePath().toString()) && message.contains("train it again"),
                message);
        DescentResult d = (DescentResult) made("DescentResult");
        d.write(dir.resolve("d.csv"));
        message = assertThrows(IllegalStateException.class, () -> DescentResult.read(dir.resolve("d.csv")).point(0))
                .getMessage();
        assertTrue(message.contains("end points"), message);
        Ensemble.Result e = (Ensemble.Result) made("Ensemble.Result");
        e.write(dir.resolve("e.csv"));
        message = assertThrows(IllegalStateException.class, () -> Ensemble.Result.read(dir.resolve("e.csv")).solutions())
                .getMessage();
        assertTrue(message.contains("parameters are not here"), message);
        assertEquals(e.outcomes().get(3).problem,
                Ensemble.Result.read(dir.resolve("e.csv")).outcomes().get(3).problem);
    }

    // ------------------------------------------------------------------------------------------------- refusals

    private static Path curveFile(Path dir) {
        Path file = dir.resolve("curve.csv");
        made("Curve").write(file);
        return file;
    }

    private static String refusal(Path file) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Curve.read(file));
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void refusesATruncatedFile(@TempDir Path dir) throws IOException {
        Path file = curveFile(dir);
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() - 20)); // cut inside the last row or the end line
        String m = refusal(file);
        assertTrue(m.contains("truncated"), m);
        List<String> noEnd = new ArrayList<>(Files.readAllLines(curveFile(dir)));
        noEnd.remove(noEnd.size() - 1);
        noEnd.remove(noEnd.size() - 1); // a whole row and the end line gone: a copy cut at a line break
        Files.write(file, noEnd);
        m = refusal(file);
        assertTrue(m.contains("truncated") && m.contains("write it again"), m);
    }

    @Test
    void refusesAForeignCsvAndAnotherResultsFile(@TempDir Path dir) throws IOException {
        Path foreign = dir.resolve("foreign.csv");
        Files.writeString(foreign, "t,loss\n0,1\n1,2\n");
        String m = refusal(foreign);
        assertTrue(m.contains("is not a Curve written by Curve.write") && m.contains("line 1 is 't,loss'"), m);
        Path other = dir.resolve("trace.csv");
        made("Trace.Estimate").write(other);
        m = refusal(other);
        assertTrue(m.contains("a file of another result"), m);
        Files.writeString(foreign, "");
        assertTrue(refusal(foreign).contains("the file is empty"));
        Files.write(foreign, new byte[]{(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, (byte) 0xfe, 0});
        assertTrue(refusal(foreign).contains("not UTF-8 text"));
        assertTrue(refusal(dir.resolve("missing.csv")).contains("no such file"));
    }

    @Test
    void refusesAWrongOrMissingColumn(@TempDir Path dir) throws IOException {
        Path file = curveFile(dir);
        List<String> lines = Files.readAllLines(file);
        int header = lines.indexOf("t,loss");
        assertTrue(header > 0, lines.toString());
        lines.set(header, "t,los");
        Files.write(file, lines);
        String m = refusal(file);
        assertTrue(m.contains("line " + (header + 1)) && m.contains("column 2 is 'los', expected 'loss'"), m);
        lines = Files.readAllLines(curveFile(dir));
        lines.set(header, "t");
        for (int i = header + 1; i < lines.size() - 1; i++) {
            lines.set(i, lines.get(i).split(",")[0]);
        }
        Files.write(file, lines);
        m = refusal(file);
        assertTrue(m.contains("column 'loss' is missing"), m);
    }

    @Test
    void refusesANonNumericCellAndABadHeaderValue(@TempDir Path dir) throws IOException {
        Path file = curveFile(dir);
        List<String> lines = Files.readAllLines(file);
        int header = lines.indexOf("t,loss");
        lines.set(header + 3, lines.get(header + 3).split(",")[0] + ",abc");
        Files.write(file, lines);
        String m = refusal(file);
        assertTrue(m.contains("line " + (header + 4) + ", column 'loss': 'abc' is not a number"), m);
        lines = Files.readAllLines(curveFile(dir));
        lines.removeIf(l -> l.startsWith("# axis.points"));
        Files.write(file, lines);
        m = refusal(file);
        assertTrue(m.contains("no '# axis.points: ...' line"), m);
        lines = Files.readAllLines(curveFile(dir));
        lines.replaceAll(l -> l.startsWith("# axis.points") ? "# axis.points: seven" : l);
        Files.write(file, lines);
        m = refusal(file);
        assertTrue(m.contains("'seven' is not a whole number"), m);
        lines = Files.readAllLines(curveFile(dir));
        lines.set(header + 2, "0.5," + lines.get(header + 2).split(",")[1]); // a point off the axis
        Files.write(file, lines);
        m = refusal(file);
        assertTrue(m.contains("line " + (header + 3)) && m.contains("is not point 1 of the axis"), m);
    }

    // ------------------------------------------------------------------------------------------------- coverage

    /** Every class of the library that is a Result is one of the cases above, and each has a static {@code read(Path)}. */
    @Test
    void everyResultTypeIsCoveredAndReadable() throws Exception {
        Path classes = Path.of(Result.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c;
                try {
                    c = Class.forName(name, false, Result.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (Result.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                    found.add(c.getName());
                }
            }
        }
        Set<String> covered = new TreeSet<>();
        for (String name : CASES.keySet()) {
            covered.add(made(name).getClass().getName());
        }
        assertEquals(found, covered, "every Result type has a case in this suite");
        Set<String> unreadable = new TreeSet<>();
        for (String name : found) {
            if (readMethod(Class.forName(name)) == null) {
                unreadable.add(name);
            }
        }
        assertEquals(Set.of(), unreadable, "every Result type has a static read(Path) returning its type");
    }
}
