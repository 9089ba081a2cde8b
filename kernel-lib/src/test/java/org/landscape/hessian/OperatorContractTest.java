package org.landscape.hessian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.landscape.model.Activation;
import org.landscape.model.Loss;
import org.landscape.model.ParameterLayout;

/**
 * One contract for every curvature operator (in the EJML manner: one suite, every implementation): the Hessian, its
 * Gauss-Newton part H0 for every loss, its residual part H1, a matrix and a combination, each checked against a dense
 * reference computed independently (differences of DL4J's gradients for H, J^T L J from output differences for H0,
 * second differences of outputs for H1): products, {@code dense()}, and the restrictions to a layer and to an index
 * set.
 */
class OperatorContractTest {
    private static final int[] SUBSET = {0, 5, 7, 16, 30};

    /** An operator, its dense reference and the relative tolerance of the comparison. */
    static final class Subject {
        final String name;
        final Supplier<LinearOperator> operator;
        final Supplier<DenseMatrix> reference;
        final ParameterLayout layout;
        final double tolerance;

        Subject(String name, Supplier<LinearOperator> operator, Supplier<DenseMatrix> reference, ParameterLayout layout,
                double tolerance) {
            this.name = name;
            this.operator = operator;
            this.reference = reference;
            this.layout = layout;
            this.tolerance = tolerance;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> operators() {
        List<Arguments> all = new ArrayList<>();
        Fixtures.Known known = Fixtures.rotated();
        all.add(Arguments.of(new Subject("a dense matrix", () -> known.matrix, () -> known.matrix, null, 1e-14)));
        all.add(Arguments.of(new Subject("a combination 2 A - 0.5 A", () -> LinearOperator.combination(2, known.matrix,
                -0.5, known.matrix), () -> known.matrix.times(1.5), null, 1e-14)));
        for (Loss loss : Loss.values()) {
            EngineContractTest.Case c = new EngineContractTest.Case(Activation.TANH, loss);
            ParameterLayout layout = c.net.layout();
            all.add(Arguments.of(new Subject("H (" + loss + ")", () -> Hessians.operator(c.risk, c.theta),
                    c::dl4jHessian, layout, 1e-6)));
            GaussNewton split = GaussNewton.at(c.net, c.data, c.theta);
            all.add(Arguments.of(new Subject("H0 (" + loss + ")", split::h0Operator, c::h0FromDifferences, layout,
                    1e-6)));
            all.add(Arguments.of(new Subject("H1 (" + loss + ")", split::h1Operator, c::h1FromOutputs, layout, 1e-5)));
        }
        return all.stream();
    }

    private static void close(DenseMatrix expected, DenseMatrix got, double relative, String what) {
        close(expected, got, relative, expected.maxAbs(), what);
    }

    /** Blocks are judged against the whole matrix's scale (a block of H1 may be exactly 0). */
    private static void close(DenseMatrix expected, DenseMatrix got, double relative, double whole, String what) {
        double diff = expected.maxAbsDifference(got), scale = Math.max(whole, 1e-3);
        assertTrue(diff <= relative * scale, String.format(Locale.ROOT, "%s: max difference %.2g against a scale of "
                + "%.3g (allowed %.0e relative)", what, diff, scale, relative));
    }

    /** The reference's rows and columns {@code indices}. */
    private static DenseMatrix sub(DenseMatrix m, int[] indices) {
        double[][] s = new double[indices.length][indices.length];
        for (int i = 0; i < indices.length; i++) {
            for (int j = 0; j < indices.length; j++) {
                s[i][j] = m.get(indices[i], indices[j]);
            }
        }
        return DenseMatrix.of(s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void productsAndDenseMatchTheReference(Subject s) {
        LinearOperator a = s.operator.get();
        DenseMatrix reference = s.reference.get();
        assertEquals(reference.rows(), a.dimension(), s.name + ": dimension");
        DenseMatrix dense = a.dense();
        close(reference, dense, s.tolerance, s.name + ": dense()");
        assertEquals(0, dense.maxAsymmetry(), s.name + ": dense() is symmetrised");
        Random r = new Random(9);
        for (int k = 0; k < 3; k++) {
            double[] v = Vectors.gaussian(a.dimension(), r);
            double[] expected = reference.apply(v), got = a.apply(v);
            double scale = Math.max(Vectors.maxAbs(expected), 1e-3);
            for (int i = 0; i < v.length; i++) {
                assertEquals(expected[i], got[i], 10 * s.tolerance * scale, s.name + ": (A v)[" + i + "]");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void restrictionsMatchTheReferencesBlocks(Subject s) {
        LinearOperator a = s.operator.get();
        DenseMatrix reference = s.reference.get();
        close(sub(reference, SUBSET), a.restrictedTo(SUBSET).dense(), s.tolerance, reference.maxAbs(), s.name + " on " + SUBSET.length
                + " coordinates");
        if (s.layout != null) {
            for (ParameterLayout.Layer layer : s.layout.layers()) {
                LinearOperator block = a.restrictedTo(layer);
                assertEquals(layer.end() - layer.weightOffset, block.dimension());
                close(reference.block(layer.weightOffset, layer.end()), block.dense(), s.tolerance,
                        reference.maxAbs(), s.name + " on layer " + layer.index);
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void badRestrictionsAndNonSymmetricOperatorsAreRefused() {
        LinearOperator a = Fixtures.rotated().matrix;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.restrictedTo(1, 1));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.restrictedTo(0, Fixtures.N));
        assertTrue(e.getMessage().contains("not a coordinate"), e.getMessage());
        LinearOperator shift = LinearOperator.of(3, v -> new double[]{v[1], v[2], 0});
        e = assertThrows(IllegalArgumentException.class, shift::dense);
        assertTrue(e.getMessage().contains("not symmetric"), e.getMessage());
        LinearOperator nan = LinearOperator.of(3, v -> new double[]{Double.NaN, 0, 0});
        IllegalStateException s = assertThrows(IllegalStateException.class, nan::dense);
        assertTrue(s.getMessage().contains("NaN"), s.getMessage());
        s = assertThrows(IllegalStateException.class, () -> new Lanczos().largest(nan, 1));
        assertTrue(s.getMessage().contains("NaN"), s.getMessage());
        LinearOperator shortProducts = LinearOperator.of(3, v -> new double[2]);
        s = assertThrows(IllegalStateException.class, () -> new Lanczos().largest(shortProducts, 1));
        assertTrue(s.getMessage().contains("length 2"), s.getMessage());
    }

    @Test
    void spectraReportTheirResiduals() {
        Fixtures.Known known = Fixtures.rotated();
        Spectrum top = new Lanczos().largest(known.matrix, 3);
        assertTrue(top.maxResidual() <= 1e-8 * known.norm(), "Lanczos residual " + top.maxResidual());
        assertEquals(3, top.residuals().length);
        Spectrum all = DenseEigen.all(known.matrix);
        assertTrue(all.maxResidual() <= 1e-13 * known.norm(), "dense residual " + all.maxResidual());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DenseEigen.all(known.matrix, false).residuals());
        assertTrue(e.getMessage().contains("without eigenvectors"), e.getMessage());
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void lanczosRefusesABasisThatWouldNotFitBeforeAnyProduct() {
        long[] products = {0};
        LinearOperator huge = LinearOperator.of(200_000_000, v -> {
            products[0]++;
            return v.clone();
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Lanczos().largest(huge, 300));
        assertTrue(e.getMessage().contains("maxSteps") && e.getMessage().contains("GB of heap"), e.getMessage());
        assertEquals(0, products[0]);
    }

    @Test
    void lanczosDecomposesTheTridiagonalMatrixAtASmallShareOfItsSteps() {
        // Decomposing T_j at every step costs O(j^3) per step; the solver checks every step only while j <= 40.
        int n = 3000;
        LinearOperator evenlySpaced = LinearOperator.of(n, v -> {
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = (i + 1.0) / n * v[i];
            }
            return w;
        });
        Lanczos lanczos = new Lanczos();
        Spectrum top = lanczos.largest(evenlySpaced, 100);
        assertTrue(top.products() >= 300, "the test needs a long run: " + top.products() + " products");
        assertTrue(lanczos.decompositions() <= 40 + top.products() / 4,
                lanczos.decompositions() + " decompositions for " + top.products() + " products");
        assertEquals(1.0, top.max(), 1e-8);
    }
}
