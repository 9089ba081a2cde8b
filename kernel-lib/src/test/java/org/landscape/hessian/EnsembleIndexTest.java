package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Network;
import org.landscape.plot.ReadBack;

/**
 * The index of many networks against independent references: commons-math's eigendecomposition of the same dense
 * Hessian, a saddle whose Hessian is known in closed form (a tanh network at theta = 0), the dense path against
 * Lanczos just above the switch, and the paper's 0.001 convention on both sides of the boundary.
 */
class EnsembleIndexTest {
    private static final Dataset DATA = Synthetic.teacher(24, 3, 4, 0.1, 1);

    private static Network net(Architecture a, long seed) {
        return Network.builder(a).activation(Activation.TANH).seed(seed).build();
    }

    private static double[][] thetas(Architecture a, int count, double scale) {
        double[][] t = new double[count][];
        for (int i = 0; i < count; i++) {
            t[i] = net(a, 100 + i).parameters();
            for (int j = 0; j < t[i].length; j++) {
                t[i][j] *= scale;
            }
        }
        return t;
    }

    @Test
    void denseIndexEqualsAnIndependentEigendecomposition() {
        Architecture a = Architecture.of(3, 4, 1);
        Network net = net(a, 1);
        double[][] thetas = thetas(a, 6, 3);
        EnsembleIndex idx = EnsembleIndex.settings().progress(false).of("3-4-1", net, DATA, thetas);
        assertEquals(6, idx.entries().size());
        boolean someSaddle = false;
        for (int i = 0; i < thetas.length; i++) {
            DenseMatrix h = Hessians.dense(net, DATA, thetas[i]);
            int n = h.dimension();
            double[][] rows = new double[n][n];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    rows[r][c] = h.data()[r * n + c];
                }
            }
            double[] ev = new EigenDecomposition(new Array2DRowRealMatrix(rows)).getRealEigenvalues();
            long expected = Arrays.stream(ev).filter(v -> v < -0.001).count();
            double min = Arrays.stream(ev).min().getAsDouble();
            EnsembleIndex.Entry e = idx.entry(i);
            assertEquals("dense", e.method());
            assertEquals(expected, e.index(), "network " + i);
            assertFalse(e.lowerBound());
            assertEquals(n, e.eigenvalues());
            assertEquals(min, e.smallestEigenvalue(), 1e-9 * Math.max(1, Math.abs(min)), "network " + i);
            assertEquals(Vectors.norm(net.gradient(thetas[i], DATA)), e.gradientNorm(), 1e-8 * (1 + e.gradientNorm()));
            assertTrue(e.maxResidual() < 1e-10, "LAPACK's residual " + e.maxResidual());
            someSaddle |= expected > 0;
        }
        assertTrue(someSaddle, "the thetas should include saddle-like points, or the test compares only zeros");
        assertTrue(idx.summary().contains("dense"), idx.summary());
    }

    /**
     * z = sum_j v_j tanh(w_j . x) without biases at theta = 0: the gradient is 0 and the Hessian of the square loss
     * R = (1/m) sum (z - y)^2 couples only v_j with w_j, through c = -(2/m) X^T y. Each hidden unit's block
     * [[0, c^T], [c, 0]] has eigenvalues -|c|, +|c| and d - 1 zeros: index = the number of hidden units, smallest
     * eigenvalue -|c|.
     */
    private static Dataset saddleData(int d, double cNorm) {
        Random r = new Random(5);
        int m = 20;
        double[][] x = new double[m][d], y = new double[m][1];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                x[i][k] = r.nextGaussian();
            }
            y[i][0] = r.nextGaussian();
        }
        double[] c = new double[d];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < d; k++) {
                c[k] -= 2.0 / m * y[i][0] * x[i][k];
            }
        }
        double scale = cNorm / Vectors.norm(c); // c is linear in y
        for (int i = 0; i < m; i++) {
            y[i][0] *= scale;
        }
        return Dataset.of("saddle data", x, y);
    }

    private static Network saddleNet(int d, int hidden) {
        return Network.builder(Architecture.of(d, hidden, 1)).activation(Activation.TANH).biases(false).seed(1).build();
    }

    @Test
    void aSaddleOfKnownIndexDenseAndLanczos() {
        int d = 3, hidden = 5;
        double c = 0.7;
        Dataset data = saddleData(d, c);
        Network net = saddleNet(d, hidden);
        double[][] zero = {new double[(int) net.parameterCount()]};
        EnsembleIndex dense = EnsembleIndex.settings().progress(false).of("saddle", net, data, zero);
        EnsembleIndex.Entry e = dense.entry(0);
        assertEquals(hidden, e.index(), dense.summary());
        assertEquals(-c, e.smallestEigenvalue(), 1e-7);
        assertEquals(0, e.gradientNorm(), 1e-14);
        assertEquals(0, dense.fractionAtZero());

        EnsembleIndex lanczos = EnsembleIndex.settings().progress(false).denseLimit(0).smallest(8)
                .of("saddle", net, data, zero);
        EnsembleIndex.Entry l = lanczos.entry(0);
        assertEquals("Lanczos", l.method());
        assertEquals(hidden, l.index(), lanczos.summary());
        assertFalse(l.lowerBound(), "3 of the 8 smallest are 0: the index is known exactly");
        assertEquals(-c, l.smallestEigenvalue(), 1e-7);
        assertTrue(l.converged() && l.maxResidual() < 1e-6, lanczos.summary());

        // fewer eigenvalues asked for than there are negative ones: honestly a lower bound
        EnsembleIndex few = EnsembleIndex.settings().progress(false).denseLimit(0).smallest(3)
                .of("saddle", net, data, zero);
        EnsembleIndex.Entry f = few.entry(0);
        assertEquals(3, f.index());
        assertTrue(f.lowerBound());
        assertEquals(">= 3", f.indexText());
        assertEquals(1, few.lowerBoundCount());
        assertTrue(few.summary().contains("index >= 3"), few.summary());
        assertEquals(">= 3", few.table().stringColumn("index shown").get(0));
        assertTrue(few.table().booleanColumn("index is a lower bound").get(0));
    }

    @Test
    void thePapersConventionAtTheBoundary() {
        int d = 3, hidden = 4;
        Network net = saddleNet(d, hidden);
        double[][] zero = {new double[(int) net.parameterCount()]};
        // smallest eigenvalue -0.0011: just below -0.001, counted
        EnsembleIndex below = EnsembleIndex.settings().progress(false).of("", net, saddleData(d, 0.0011), zero);
        assertEquals(hidden, below.entry(0).index(), below.summary());
        assertEquals(-0.0011, below.entry(0).smallestEigenvalue(), 1e-9);
        // -0.0009: under 0.001 in magnitude, so zero in the paper's convention
        Dataset inside = saddleData(d, 0.0009);
        EnsembleIndex zeroIdx = EnsembleIndex.settings().progress(false).of("", net, inside, zero);
        assertEquals(0, zeroIdx.entry(0).index(), zeroIdx.summary());
        assertEquals(-0.0009, zeroIdx.entry(0).smallestEigenvalue(), 1e-9);
        assertEquals(1.0, zeroIdx.fractionAtZero());
        // a smaller tolerance counts them; with none, the zero eigenvalues' rounding (~1e-12 either side) counts too
        assertEquals(hidden, EnsembleIndex.settings().progress(false).tolerance(1e-6).of("", net, inside, zero)
                .entry(0).index());
        assertTrue(EnsembleIndex.settings().progress(false).tolerance(0).of("", net, inside, zero).entry(0).index()
                >= hidden);
        // and Lanczos applies the same convention
        assertEquals(0, EnsembleIndex.settings().progress(false).denseLimit(0).smallest(6).of("", net, inside, zero)
                .entry(0).index());
    }

    @Test
    void lanczosJustAboveTheSwitchAgreesWithDense() {
        Architecture a = Architecture.of(5, 6, 1);
        Network net = net(a, 2);
        Dataset data = Synthetic.teacher(30, 5, 4, 0.1, 3);
        int n = (int) net.parameterCount();
        double[][] thetas = thetas(a, 4, 2);
        EnsembleIndex dense = EnsembleIndex.settings().progress(false).denseLimit(n).of("dense", net, data, thetas);
        EnsembleIndex lanczos = EnsembleIndex.settings().progress(false).denseLimit(n - 1).smallest(12)
                .of("lanczos", net, data, thetas);
        assertTrue(lanczos.summary().contains("Lanczos"), lanczos.summary());
        for (int i = 0; i < thetas.length; i++) {
            EnsembleIndex.Entry de = dense.entry(i), le = lanczos.entry(i);
            assertEquals("dense", de.method());
            assertEquals("Lanczos", le.method());
            assertTrue(le.converged(), lanczos.summary());
            if (de.index() < 12) {
                assertEquals(de.index(), le.index(), "network " + i);
                assertFalse(le.lowerBound());
            } else {
                assertEquals(12, le.index());
                assertTrue(le.lowerBound());
            }
            assertEquals(de.smallestEigenvalue(), le.smallestEigenvalue(), 1e-6 * (1 + Math.abs(de.smallestEigenvalue())));
            assertEquals(de.gradientNorm(), le.gradientNorm(), 0);
            assertTrue(le.maxResidual() < 1e-5, "residual " + le.maxResidual());
        }
        // same numbers when run again (parallel over networks, Lanczos seeded per network)
        EnsembleIndex again = EnsembleIndex.settings().progress(false).denseLimit(n - 1).smallest(12)
                .of("lanczos", net, data, thetas);
        assertEquals(lanczos.entries(), again.entries());
    }

    @Test
    void anEnsembleGivesTheIndexOfEveryMember() {
        org.landscape.train.EnsembleRun run = org.landscape.train.EnsembleTrainer.sgd(0.05).batchSize(8).epochs(3)
                .progress(false).train("3-4-1 tanh", Network.builder(Architecture.of(3, 4, 1))
                        .activation(Activation.TANH), DATA, 3, 1);
        EnsembleIndex idx = run.indices(DATA, EnsembleIndex.settings().progress(false));
        assertEquals(3, idx.entries().size());
        double[][] thetas = {run.theta(0), run.theta(1), run.theta(2)};
        EnsembleIndex direct = EnsembleIndex.settings().progress(false).of("3-4-1 tanh", run.network(), DATA, thetas);
        assertEquals(direct.entries(), idx.entries());
        for (int k = 0; k < 3; k++) {
            assertEquals(k, idx.entry(k).member());
            assertEquals(Vectors.norm(run.network(k).gradient(DATA)), idx.entry(k).gradientNorm(),
                    1e-8 * (1 + idx.entry(k).gradientNorm()));
        }
        assertEquals(3, idx.table().rowCount());
    }

    @Test
    void aNonFiniteNetworkIsReportedNotACrash() {
        Architecture a = Architecture.of(3, 4, 1);
        double[][] thetas = thetas(a, 3, 1);
        thetas[1][2] = Double.NaN;
        EnsembleIndex idx = EnsembleIndex.settings().progress(false).of("with a diverged one", net(a, 1), DATA, thetas,
                new int[]{4, 7, 9});
        assertEquals(1, idx.failedCount());
        assertTrue(idx.entry(1).failed());
        assertEquals(7, idx.entry(1).member());
        assertEquals("failed", idx.entry(1).indexText());
        assertNull(idx.entry(0).failure());
        assertEquals(2, idx.indices().length);
        assertTrue(idx.summary().contains("1 failed"), idx.summary());
        assertTrue(idx.table().intColumn("index").isMissing(1));
        assertTrue(idx.figure().image().getWidth() > 0);
    }

    @Test
    void badInputsAreRefusedNamingTheParameter() {
        Architecture a = Architecture.of(3, 4, 1);
        Network net = net(a, 1);
        double[][] ok = thetas(a, 2, 1);
        EnsembleIndex.Settings s = EnsembleIndex.settings().progress(false);
        assertMessage("net", () -> s.of("x", null, DATA, ok));
        assertMessage("data", () -> s.of("x", net, null, ok));
        assertMessage("thetas", () -> s.of("x", net, DATA, new double[0][]));
        assertMessage("thetas[1] has 3 entries", () -> s.of("x", net, DATA, new double[][]{ok[0], {1, 2, 3}}));
        assertMessage("members", () -> s.of("x", net, DATA, ok, new int[]{1}));
        assertMessage("denseLimit", () -> EnsembleIndex.settings().denseLimit(-1));
        assertMessage("smallest", () -> EnsembleIndex.settings().smallest(0));
        assertMessage("tolerance", () -> EnsembleIndex.settings().tolerance(Double.NaN));
        assertMessage("tolerance", () -> EnsembleIndex.settings().tolerance(-1e-3));
        assertThrows(IllegalArgumentException.class, () -> s.of("x", net, Synthetic.teacher(10, 5, 4, 0.1, 1), ok),
                "data of another input width");
    }

    /** Indices with a failed network (no index, its failure in words) and members numbered as an ensemble does. */
    private static EnsembleIndex withAFailure() {
        Architecture a = Architecture.of(3, 4, 1);
        double[][] thetas = thetas(a, 3, 2);
        thetas[1][2] = Double.NaN;
        return EnsembleIndex.settings().progress(false).tolerance(2e-3).of("dense, one failed", net(a, 1), DATA, thetas,
                new int[]{4, 7, 9});
    }

    /**
     * Read back, the indices answer everything they did: nothing an EnsembleIndex answers needs the networks'
     * parameters (every number is in its rows), so no method refuses; the failed row keeps its message.
     */
    @Test
    void readBackTheIndicesAnswerEverythingTheyDid(@TempDir Path dir) {
        Architecture a = Architecture.of(3, 4, 1);
        EnsembleIndex lanczos = EnsembleIndex.settings().progress(false).denseLimit(0).smallest(3)
                .of("Lanczos", net(a, 1), DATA, thetas(a, 3, 3));
        for (EnsembleIndex idx : List.of(withAFailure(), lanczos)) {
            Path file = dir.resolve("idx.csv");
            idx.write(file);
            EnsembleIndex back = EnsembleIndex.read(file);
            assertEquals(idx.entries(), back.entries());
            assertEquals(idx.summary(), back.summary());
            assertArrayEqualsInts(idx.indices(), back.indices());
            assertEquals(idx.failedCount(), back.failedCount());
            assertEquals(idx.lowerBoundCount(), back.lowerBoundCount());
            assertEquals(idx.fractionAtZero(), back.fractionAtZero(), 0);
            assertEquals(idx.maxResidual(), back.maxResidual(), 0);
            assertEquals(idx.maxGradientNorm(), back.maxGradientNorm(), 0);
            assertEquals(idx.tolerance(), back.tolerance(), 0);
        }
        EnsembleIndex back = EnsembleIndex.read(dir.resolve("idx.csv"));
        assertEquals("Lanczos", back.entry(0).method());
        withAFailure().write(dir.resolve("failed.csv"));
        EnsembleIndex failed = EnsembleIndex.read(dir.resolve("failed.csv"));
        assertTrue(failed.entry(1).failed() && failed.entry(1).failure().contains("NaN"), failed.entry(1).toString());
        assertEquals(7, failed.entry(1).member());
        assertEquals(-1, failed.entry(1).index());
    }

    private static void assertArrayEqualsInts(int[] expected, int[] actual) {
        assertEquals(Arrays.toString(expected), Arrays.toString(actual));
    }

    /** A file whose rows contradict each other or its settings is refused naming the file, the line and the column. */
    @Test
    void aDamagedFileIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("idx.csv");
        withAFailure().write(file);
        List<String> lines = Files.readAllLines(file);
        int header = lines.indexOf(String.join(",", EnsembleIndex.columns()));
        assertTrue(header > 0, lines.toString());
        // the first network's index shown changed by hand: the row says one thing and shows another
        List<String> shown = new java.util.ArrayList<>(lines);
        String[] cells = shown.get(header + 1).split(",", -1);
        cells[2] = cells[2].equals("0") ? "1" : "0";
        shown.set(header + 1, String.join(",", cells));
        String m = refusal(dir, shown);
        assertTrue(m.contains("line " + (header + 2) + ", column 'index shown'"), m);
        // the failed network given an index
        List<String> indexed = new java.util.ArrayList<>(lines);
        indexed.set(header + 2, ReadBack.cell(indexed.get(header + 2), 1, "0"));
        m = refusal(dir, indexed);
        assertTrue(m.contains("line " + (header + 3) + ", column 'index': a failed network has no index"), m);
        // the dense limit lowered: 21 parameters are now above it, but the rows say dense
        List<String> limit = new java.util.ArrayList<>(lines);
        limit.replaceAll(l -> l.startsWith("# dense limit: ") ? "# dense limit: 20" : l);
        m = refusal(dir, limit);
        assertTrue(m.contains("line " + (header + 2) + ", column 'method': 'dense', but 21 parameters and the dense "
                + "limit 20 give Lanczos"), m);
        List<String> tolerance = new java.util.ArrayList<>(lines);
        int at = -1;
        for (int i = 0; i < tolerance.size(); i++) {
            if (tolerance.get(i).startsWith("# tolerance: ")) {
                tolerance.set(i, "# tolerance: -0.001");
                at = i + 1;
            }
        }
        m = refusal(dir, tolerance);
        assertTrue(at > 0 && m.contains("line " + at + " ('# tolerance')"), m);
    }

    /** {@code lines} written as "damaged.csv" in {@code dir}, and its refusal; it names the file. */
    private static String refusal(Path dir, List<String> lines) {
        return ReadBack.refusal(dir.resolve("damaged.csv"), lines, EnsembleIndex::read);
    }

    private static void assertMessage(String word, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(word), "'" + word + "' in: " + e.getMessage());
    }
}
