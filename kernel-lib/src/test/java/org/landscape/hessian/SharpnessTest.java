package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape.data.Dataset;
import org.landscape.data.Synthetic;
import org.landscape.model.Activation;
import org.landscape.model.Architecture;
import org.landscape.model.Loss;
import org.landscape.model.Network;
import org.landscape.model.Risk;

/**
 * Sharpness: epsilon-sharpness against closed forms for a quadratic risk (a linear model with the square loss), the
 * adaptive measure's invariance under Dinh's c, 1/c rescaling (which keeps the outputs and changes the others), and
 * refusals.
 */
class SharpnessTest {
    /** L(w) = (1/m) sum (w . x_i - y_i)^2: exactly quadratic, H = (2/m) X^T X. */
    private static Network linear(int d) {
        return Network.builder(Architecture.of(d, 1)).activation(Activation.LINEAR).loss(Loss.SQUARE).biases(false).build();
    }

    @Test
    void ballSharpnessAtTheMinimumOfAQuadraticIsHalfEpsSquaredTimesTheTopEigenvalue() {
        int d = 6, m = 30;
        Random random = new Random(1);
        double[][] x = new double[m][d], y = new double[m][1];
        double[] wStar = new double[d];
        for (int j = 0; j < d; j++) {
            wStar[j] = random.nextGaussian();
        }
        double[][] h = new double[d][d];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = random.nextGaussian() * (1 + j); // a spread spectrum
                y[i][0] += wStar[j] * x[i][j];
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    h[j][k] += 2.0 / m * x[i][j] * x[i][k];
                }
            }
        }
        double top = DenseEigen.all(DenseMatrix.of(h), false).max();
        Risk risk = Risk.of(linear(d), Dataset.of("quadratic", x, y));
        double eps = 0.01;
        Sharpness.Ascent a = Sharpness.epsilon(risk, wStar, eps, Sharpness.Region.BALL, 200, 3);
        assertEquals(0, a.base(), 1e-20);
        double expected = eps * eps * top / 2;
        assertEquals(expected, a.increase(), 1e-6 * expected, "ball: " + a.increase() + " against eps^2 lambda_max / 2 = " + expected);
        assertTrue(a.increase() <= expected * (1 + 1e-12), "never above the true maximum");
    }

    @Test
    void keskarsBoxSharpnessOfASeparableQuadraticIsTheSumOverCoordinates() {
        // x_i = a_i e_i: H = diag(2 a_i^2 / d), and the increase over the box is sum_i |g_i| r_i + h_i r_i^2 / 2 with
        // r_i = eps (1 + |w_i|), when every |g_i| > h_i r_i (the gradient's signs do not change inside the box)
        int d = 5;
        double[][] x = new double[d][d], y = new double[d][1];
        double[] w = {0.5, -1.5, 2.0, 0.1, -0.7}, a = {1, 2, 0.5, 3, 1.5};
        for (int i = 0; i < d; i++) {
            x[i][i] = a[i];
            y[i][0] = a[i] * w[i] + (i % 2 == 0 ? 1 : -1) * (0.5 + i); // off the minimum
        }
        Risk risk = Risk.of(linear(d), Dataset.of("separable", x, y));
        double eps = 1e-3, expected = 0;
        for (int i = 0; i < d; i++) {
            double g = 2.0 / d * a[i] * (a[i] * w[i] - y[i][0]), h = 2.0 * a[i] * a[i] / d, r = eps * (1 + Math.abs(w[i]));
            assertTrue(Math.abs(g) > h * r);
            expected += Math.abs(g) * r + h * r * r / 2;
        }
        Sharpness.Ascent box = Sharpness.epsilon(risk, w, eps, Sharpness.Region.BOX, 10, 4);
        assertEquals(expected, box.increase(), 1e-10 * expected);
        // at the minimum every corner is a maximum: sum h_i r_i^2 / 2
        double[] min = new double[d];
        double corner = 0;
        for (int i = 0; i < d; i++) {
            min[i] = y[i][0] / a[i];
            double r = eps * (1 + Math.abs(min[i]));
            corner += a[i] * a[i] / d * r * r;
        }
        assertEquals(corner, Sharpness.epsilon(risk, min, eps, Sharpness.Region.BOX, 10, 5).increase(), 1e-9 * corner);
    }

    @Test
    void rescalingKeepsTheOutputsAndTheAdaptiveSharpnessButNotTheOthers() {
        Dataset data = Synthetic.teacher(80, 4, 3, 0.1, 2);
        Network net = Network.builder(Architecture.of(4, 6, 5, 1)).activation(Activation.RELU).seed(4).build();
        double[] theta = net.parameters();
        Risk risk = Risk.of(net, data);
        double[] rescaled = net.rescaleLayers(net.rescaleLayers(theta, 1, 10), 2, 0.2);
        Network other = net.copy();
        other.setParameters(rescaled);
        double gap = net.output(data.features()).sub(other.output(data.features())).amaxNumber().doubleValue();
        double scale = net.output(data.features()).amaxNumber().doubleValue();
        assertTrue(gap <= 1e-13 * scale, "outputs differ by " + gap);
        assertEquals(risk.value(theta), risk.value(rescaled), 1e-13 * risk.value(theta));

        double before = Sharpness.adaptive(risk, theta, 0.3, 15, 7).increase();
        double after = Sharpness.adaptive(risk, rescaled, 0.3, 15, 7).increase();
        assertTrue(before > 0);
        assertEquals(before, after, 1e-9 * before, "adaptive sharpness " + before + " -> " + after);
        double ballBefore = Sharpness.epsilon(risk, theta, 0.05, Sharpness.Region.BALL, 15, 7).increase();
        double ballAfter = Sharpness.epsilon(risk, rescaled, 0.05, Sharpness.Region.BALL, 15, 7).increase();
        assertTrue(ballAfter > 3 * ballBefore, "epsilon-sharpness " + ballBefore + " -> " + ballAfter);
    }

    /**
     * The top eigenvalue under rescaling, on a deep linear network (positively homogeneous too, and without ReLU's
     * kinks, so the dense Hessian by central differences is an independent reference for the exact products).
     */
    @Test
    void rescalingMovesTheTopEigenvalueByOrdersOfMagnitude() {
        Dataset data = Synthetic.teacher(60, 4, 3, 0.1, 2);
        Network net = Network.builder(Architecture.of(4, 5, 3, 1)).activation(Activation.LINEAR).seed(4).build();
        double[] theta = net.parameters(), rescaled = net.rescaleLayers(theta, 1, 100);
        Sharpness.Settings s = Sharpness.settings().traceProducts(0).progress(false);
        Sharpness.Row before = s.of("before", net, data, null, theta).rows().get(0);
        Sharpness.Row after = s.of("after", net, data, null, rescaled).rows().get(0);
        double denseBefore = DenseEigen.all(Hessians.dense(net, data, theta), false).max();
        double denseAfter = DenseEigen.all(Hessians.dense(net, data, rescaled), false).max();
        assertEquals(denseBefore, before.topEigenvalue(), 1e-5 * denseBefore);
        assertEquals(denseAfter, after.topEigenvalue(), 1e-5 * denseAfter);
        assertTrue(after.topEigenvalue() > 100 * before.topEigenvalue(), "top eigenvalue " + before.topEigenvalue()
                + " -> " + after.topEigenvalue());
        assertTrue(before.residual() < 1e-4 && after.residual() < 1e-4, before.residual() + ", " + after.residual());
        assertEquals(before.adaptiveSharpness(), after.adaptiveSharpness(), 1e-9 * before.adaptiveSharpness());
        assertEquals(before.trainLoss(), after.trainLoss(), 1e-12 * before.trainLoss());
    }

    /**
     * On a ReLU network the top eigenvalue comes from exact products: it equals the largest eigenvalue of the dense
     * Hessian built column by column from central differences (at a point where no pre-activation is within the
     * step of a kink, so differences are accurate there) and of the one built from the exact products.
     */
    @Test
    void reluTopEigenvalueMatchesTheDenseHessian() {
        Dataset data = Synthetic.teacher(80, 4, 3, 0.1, 5);
        Network net = Network.builder(Architecture.of(4, 6, 5, 1)).activation(Activation.RELU).seed(9).build();
        double[] theta = net.parameters();
        Sharpness.Row row = Sharpness.settings().traceProducts(0).progress(false).of("relu", net, data, null, theta)
                .rows().get(0);
        double byDifferences = DenseEigen.all(Hessians.dense(net, data, theta), false).max();
        double byProducts = DenseEigen.all(Hessians.dense(Risk.of(net, data), theta), false).max();
        double exactDense = DenseEigen.all(HessianVectorProduct.at(Risk.of(net, data), theta).exact().dense(), false).max();
        assertEquals(exactDense, row.topEigenvalue(), 1e-6 * exactDense);
        assertEquals(byDifferences, row.topEigenvalue(), 1e-5 * byDifferences);
        assertEquals(byProducts, row.topEigenvalue(), 1e-5 * byProducts);
        assertTrue(row.residual() < 1e-5, "relative residual " + row.residual());
        assertTrue(row.products() > 0, "Lanczos's products are counted");
    }

    /** The comparison's ratio table and relative values are the rows' own numbers divided, pair by pair. */
    @Test
    void ratioTableAndRelativeValuesDivideTheRows() {
        Dataset data = Synthetic.teacher(40, 3, 2, 0.1, 3);
        Network net = Network.builder(Architecture.of(3, 4, 1)).activation(Activation.RELU).seed(2).build();
        double[] theta = net.parameters();
        Sharpness.Settings s = Sharpness.settings().traceProducts(0).steps(3).progress(false);
        Sharpness.Comparison c = s.of("a", net, data, null, new double[][]{theta, net.rescaleLayers(theta, 1, 3)})
                .and(s.of("b", net, data, null, new double[][]{net.rescaleLayers(theta, 1, 10), theta}));
        tech.tablesaw.api.Table t = c.ratioTable("b", "a");
        assertEquals(2, t.rowCount());
        assertEquals("b 0 / a 0", t.stringColumn("networks").get(0));
        Sharpness.Row a0 = c.rows().get(0), a1 = c.rows().get(1), b0 = c.rows().get(2), b1 = c.rows().get(3);
        assertEquals(b0.topEigenvalue() / a0.topEigenvalue(), t.doubleColumn("top eigenvalue").get(0), 0);
        assertEquals(b1.epsilonSharpness() / a1.epsilonSharpness(), t.doubleColumn("epsilon-sharpness").get(1), 0);
        assertTrue(b0.topEigenvalue() > 10 * a0.topEigenvalue(), "c = 10 sharpens: " + a0.topEigenvalue() + " -> "
                + b0.topEigenvalue());
        double[] relative = c.relativeTo("a", Sharpness.Measure.TOP_EIGENVALUE);
        assertEquals(1, relative[0], 0);
        assertEquals(b1.topEigenvalue() / a0.topEigenvalue(), relative[3], 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.ratioTable("b", "z")).getMessage()
                .contains("no group 'z'"));
    }

    private static Sharpness.Comparison twoGroups() {
        Dataset data = Synthetic.teacher(40, 3, 2, 0.1, 3);
        Network net = Network.builder(Architecture.of(3, 4, 1)).activation(Activation.RELU).seed(2).build();
        double[] theta = net.parameters();
        Sharpness.Settings s = Sharpness.settings().traceProducts(6).steps(3).progress(false);
        return s.of("a, with a comma", net, data, Synthetic.teacher(20, 3, 2, 0.1, 4),
                new double[][]{theta, net.rescaleLayers(theta, 1, 3)})
                .and(s.of("b", net, data, null, new double[][]{net.rescaleLayers(theta, 1, 10), theta}));
    }

    /**
     * Read back, the comparison answers everything it did: its rows hold every number it answers with (nothing needs
     * the networks' parameters), so no method refuses; the counts come back as whole numbers.
     */
    @Test
    void readBackTheComparisonAnswersEverythingItDid(@TempDir Path dir) {
        Sharpness.Comparison c = twoGroups();
        Path file = dir.resolve("c.csv");
        c.write(file);
        Sharpness.Comparison back = Sharpness.Comparison.read(file);
        assertEquals(c.rows(), back.rows());
        assertEquals(c.groups(), back.groups());
        assertEquals(c.summary(), back.summary());
        for (Sharpness.Measure m : Sharpness.Measure.values()) {
            assertEquals(java.util.Arrays.toString(c.values(m)), java.util.Arrays.toString(back.values(m)), m.toString());
        }
        assertEquals(c.ratioTable("b", "a, with a comma").print(), back.ratioTable("b", "a, with a comma").print());
        assertEquals(c.rows().get(0).products(), back.rows().get(0).products());
        assertTrue(back.rows().get(0).products() > 0 && back.rows().get(0).gradients() > 1, back.rows().get(0).toString());
        assertEquals(c.and(c).summary(), back.and(back).summary());
    }

    /** A damaged comparison file is refused naming the file and the line. */
    @Test
    void aDamagedComparisonFileIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.csv");
        twoGroups().write(file);
        List<String> lines = Files.readAllLines(file);
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            header = lines.get(i).startsWith("group,network,") ? i : header;
        }
        assertTrue(header > 0, lines.toString());
        List<String> counted = new java.util.ArrayList<>(lines);
        String row = counted.get(header + 3); // "b 0": no comma in its group
        counted.set(header + 3, row.substring(0, row.lastIndexOf(',')) + ",-1");
        String m = refusal(dir, counted);
        assertTrue(m.contains("line " + (header + 4) + ", column 'gradients'"), m);
        List<String> unnamed = new java.util.ArrayList<>(lines);
        unnamed.set(header + 3, unnamed.get(header + 3).replaceFirst("^b,", " ,"));
        m = refusal(dir, unnamed);
        assertTrue(m.contains("line " + (header + 4) + ", column 'group': every network belongs to a named group"), m);
        List<String> noSettings = new java.util.ArrayList<>(lines);
        noSettings.removeIf(l -> l.startsWith("# settings: "));
        m = refusal(dir, noSettings);
        assertTrue(m.contains("no '# settings: ...' line"), m);
    }

    private static String refusal(Path dir, List<String> lines) throws Exception {
        Path damaged = dir.resolve("damaged.csv");
        Files.write(damaged, lines);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sharpness.Comparison.read(damaged));
        assertTrue(e.getMessage().contains(damaged.toAbsolutePath().toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void rescalingRefusesWhatWouldChangeTheFunction() {
        Network tanh = Network.builder(Architecture.of(3, 4, 1)).activation(Activation.TANH).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tanh.rescaleLayers(tanh.parameters(), 1, 2))
                .getMessage().contains("positively homogeneous"));
        Network relu = Network.builder(Architecture.of(3, 4, 1)).activation(Activation.RELU).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> relu.rescaleLayers(relu.parameters(), 1, -1))
                .getMessage().contains("c must be a finite number > 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> relu.rescaleLayers(relu.parameters(), 2, 2))
                .getMessage().contains("hiddenLayer must be in 1..1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> relu.rescaleLayers(new double[3], 1, 2))
                .getMessage().contains("theta has 3 entries"));
    }

    @Test
    void badSharpnessInputIsRefusedNamingTheParameter() {
        Network net = linear(3);
        Risk risk = Risk.of(net, Synthetic.teacher(10, 3, 2, 0.1, 1));
        double[] w = {1, 2, 3};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sharpness.epsilon(risk, w, 0, Sharpness.Region.BOX, 5, 1))
                .getMessage().contains("eps must be a finite number > 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sharpness.adaptive(risk, w, 0.1, 0, 1))
                .getMessage().contains("steps must be >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sharpness.adaptive(risk, new double[3], 0.1, 5, 1))
                .getMessage().contains("zero vector"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sharpness.epsilon(risk, new double[2], 0.1, Sharpness.Region.BALL, 5, 1))
                .getMessage().contains("theta"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sharpness.settings().traceProducts(2))
                .getMessage().contains("traceProducts"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sharpness.settings().of("g", net,
                Synthetic.teacher(10, 3, 2, 0.1, 1), null, new double[0][])).getMessage().contains("at least one"));
        Sharpness.Comparison c = Sharpness.settings().progress(false).traceProducts(3).of("g", net,
                Synthetic.teacher(10, 3, 2, 0.1, 1), null, w);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.values("h", Sharpness.Measure.TRACE))
                .getMessage().contains("the groups are [g]"));
    }
}
