package org.landscape.spinglass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SphericalSpinGlassTest {

    /** L(w) = Lambda^(-(H-1)/2) sum_t X_t w^t, summed term by term from the coupling slices. */
    static double directEnergy(SphericalSpinGlass glass, double[] w) {
        int n = glass.size(), h = glass.order();
        double sum = 0;
        for (int a = 0; a < n; a++) {
            double[] x = glass.couplingSlice(a);
            for (int k = 0; k < x.length; k++) {
                double p = w[a];
                int code = k;
                for (int q = 1; q < h; q++) {
                    p *= w[code % n];
                    code /= n;
                }
                sum += x[k] * p;
            }
        }
        return glass.normalisation() * sum;
    }

    /** The Euclidean gradient of L from the couplings: d/dw_i of each term, by hand. */
    static double[] directGradient(SphericalSpinGlass glass, double[] w) {
        int n = glass.size(), h = glass.order();
        double[] g = new double[n];
        int[] t = new int[h];
        for (int a = 0; a < n; a++) {
            double[] x = glass.couplingSlice(a);
            for (int k = 0; k < x.length; k++) {
                t[0] = a;
                int code = k;
                for (int q = h - 1; q >= 1; q--) {
                    t[q] = code % n;
                    code /= n;
                }
                for (int p = 0; p < h; p++) {
                    double prod = 1;
                    for (int q = 0; q < h; q++) {
                        if (q != p) {
                            prod *= w[t[q]];
                        }
                    }
                    g[t[p]] += x[k] * prod;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i] *= glass.normalisation();
        }
        return g;
    }

    static double[] tangentVector(double[] w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[w.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        double f = Sphere.dot(v, w) / Sphere.dot(w, w);
        for (int i = 0; i < v.length; i++) {
            v[i] -= f * w[i];
        }
        double norm = Math.sqrt(Sphere.dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return v;
    }

    /** The great circle through w with unit tangent velocity v, at arc length s. */
    static double[] geodesic(double[] w, double[] v, double s) {
        double r = Math.sqrt(Sphere.dot(w, w));
        double[] x = new double[w.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.cos(s / r) * w[i] + r * Math.sin(s / r) * v[i];
        }
        return x;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void couplingsAreIndependentStandardNormals() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(20, 3, 11)) {
            double sum = 0, sum2 = 0, lag = 0;
            int count = 0;
            double previous = 0;
            for (int a = 0; a < 20; a++) {
                for (double x : glass.couplingSlice(a)) {
                    sum += x;
                    sum2 += x * x;
                    lag += x * previous;
                    previous = x;
                    count++;
                }
            }
            double mean = sum / count, variance = sum2 / count - mean * mean;
            // 8000 draws: standard errors 0.011 (mean), 0.016 (variance), 0.011 (lag-1 correlation); 4 of each.
            assertEquals(0, mean, 0.045, "mean of the couplings");
            assertEquals(1, variance, 0.064, "variance of the couplings");
            assertEquals(0, lag / count, 0.045, "correlation of neighbouring couplings");
            // the same seed gives the same couplings; another seed others
            assertEquals(glass.couplingSlice(3)[17], SphericalSpinGlass.of(20, 3, 11).couplingSlice(3)[17]);
            assertTrue(glass.couplingSlice(3)[17] != SphericalSpinGlass.of(20, 3, 12).couplingSlice(3)[17]);
        }
    }

    @Test
    void energyEqualsTheSumOverAllCouplingsForEveryOrderAndBlockSplit() {
        // (lambda, H, block bytes): one block, and blocks of 7 and 3 rows so that products cross block edges.
        int[][] cases = {{9, 3, 1 << 20}, {9, 3, 8 * 9 * 7}, {13, 3, 8 * 13 * 3}, {7, 2, 1 << 20}, {7, 2, 8 * 7 * 2},
                {6, 4, 1 << 20}, {6, 4, 8 * 6 * 5}, {5, 5, 8 * 5 * 4}};
        for (int[] c : cases) {
            try (SphericalSpinGlass glass = SphericalSpinGlass.of(c[0], c[1], 5, c[2])) {
                for (int p = 0; p < 3; p++) {
                    double[] w = glass.randomPoint(p);
                    double direct = directEnergy(glass, w);
                    double stored = glass.energy(w);
                    // summation order differs: agreement to 1e-12 relative to the sum's scale sqrt(lambda)
                    assertEquals(direct, stored, 1e-12 * Math.sqrt(c[0]) * 10,
                            "lambda " + c[0] + ", H " + c[1] + ", block bytes " + c[2]);
                    double[] g = glass.gradient(w), dg = directGradient(glass, w);
                    for (int i = 0; i < g.length; i++) {
                        assertEquals(dg[i], g[i], 1e-12 * 10 * c[1] * Math.sqrt(c[0]), "gradient " + i);
                    }
                }
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferences() {
        // Richardson-extrapolated central differences (4 D(h/2) - D(h)) / 3 are exact for polynomials of degree
        // <= 4, so only rounding remains: |difference| <= 1e-9 relative to the largest component.
        for (int h : new int[]{3, 4}) {
            try (SphericalSpinGlass glass = SphericalSpinGlass.of(h == 3 ? 12 : 7, h, 3)) {
                double[] w = glass.randomPoint(1);
                double[] g = glass.gradient(w);
                double scale = maxAbs(g);
                for (int i = 0; i < w.length; i++) {
                    final int ii = i;
                    double d = richardson(t -> glass.energy(shift(w, ii, t)), 1e-3);
                    assertEquals(d, g[i], 1e-9 * scale, "H = " + h + ", dL/dw_" + i);
                }
            }
        }
    }

    interface Curve {
        double at(double t);
    }

    static double centralFirst(Curve f, double h) {
        return (f.at(h) - f.at(-h)) / (2 * h);
    }

    static double richardson(Curve f, double h) {
        return (4 * centralFirst(f, h / 2) - centralFirst(f, h)) / 3;
    }

    static double centralSecond(Curve f, double h) {
        return (f.at(h) - 2 * f.at(0) + f.at(-h)) / (h * h);
    }

    static double richardsonSecond(Curve f, double h) {
        return (4 * centralSecond(f, h / 2) - centralSecond(f, h)) / 3;
    }

    static double[] shift(double[] w, int i, double t) {
        double[] x = w.clone();
        x[i] += t;
        return x;
    }

    @Test
    void euclideanHessianMatchesDifferencesOfTheGradient() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(10, 3, 8)) {
            double[] w = glass.randomPoint(2);
            double[][] hess = glass.hessian(w);
            double scale = 0;
            for (double[] row : hess) {
                scale = Math.max(scale, maxAbs(row));
            }
            for (int j = 0; j < w.length; j++) {
                final int jj = j;
                for (int i = 0; i < w.length; i++) {
                    final int ii = i;
                    // the gradient is quadratic in w: the central difference is exact up to rounding
                    double d = centralFirst(t -> glass.gradient(shift(w, jj, t))[ii], 1e-3);
                    assertEquals(d, hess[i][j], 1e-9 * scale, "d^2 L / dw_" + i + " dw_" + j);
                }
            }
        }
    }

    @Test
    void riemannianGradientIsTangentAndGivesTheDerivativeAlongGreatCircles() {
        for (int h : new int[]{3, 4}) {
            try (SphericalSpinGlass glass = SphericalSpinGlass.of(h == 3 ? 15 : 8, h, 21)) {
                double[] w = glass.randomPoint(4);
                double[] r = glass.riemannianGradient(w);
                assertEquals(0, Sphere.dot(r, w), 1e-12 * w.length * maxAbs(r), "r . w");
                for (int k = 0; k < 5; k++) {
                    double[] v = tangentVector(w, 100 + k);
                    // Richardson on a smooth curve: truncation O(h^4) ~ 1e-8 for h = 1e-2; rounding ~1e-12
                    double d = richardson(s -> glass.energy(geodesic(w, v, s)), 1e-2);
                    assertEquals(d, Sphere.dot(r, v), 1e-7, "H = " + h + ", direction " + k);
                }
            }
        }
    }

    @Test
    void riemannianHessianGivesTheSecondDerivativeAlongGreatCircles() {
        for (int h : new int[]{3, 4}) {
            try (SphericalSpinGlass glass = SphericalSpinGlass.of(h == 3 ? 14 : 7, h, 9)) {
                double[] w = glass.randomPoint(5);
                double[][] hs = glass.riemannianHessian(w).dense().toArray();
                for (int k = 0; k < 6; k++) {
                    double[] u = tangentVector(w, 200 + k), v = tangentVector(w, 300 + k);
                    double vHv = quadratic(hs, v, v);
                    // second difference with Richardson, h = 1e-2: truncation ~1e-8, rounding ~1e-10
                    double d2 = richardsonSecond(s -> glass.energy(geodesic(w, v, s)), 1e-2);
                    assertEquals(d2, vHv, 1e-6, "H = " + h + ": v^T Hess_S v against d^2/ds^2 L(geodesic)");
                    // the bilinear form, by polarisation along the geodesics with velocities (u +- v)/|u +- v|
                    double[] plus = combine(u, v, 1), minus = combine(u, v, -1);
                    double np = Math.sqrt(Sphere.dot(plus, plus)), nm = Math.sqrt(Sphere.dot(minus, minus));
                    double qp = richardsonSecond(s -> glass.energy(geodesic(w, scaled(plus, 1 / np), s)), 1e-2) * np * np;
                    double qm = richardsonSecond(s -> glass.energy(geodesic(w, scaled(minus, 1 / nm), s)), 1e-2) * nm * nm;
                    assertEquals((qp - qm) / 4, quadratic(hs, u, v), 1e-6, "u^T Hess_S v by polarisation");
                }
                // Hess_S maps w to zero and is symmetric
                double[] hw = new double[w.length];
                for (int i = 0; i < w.length; i++) {
                    hw[i] = Sphere.dot(hs[i], w);
                    for (int j = 0; j < w.length; j++) {
                        assertEquals(hs[i][j], hs[j][i], 1e-12, "symmetry");
                    }
                }
                assertEquals(0, maxAbs(hw), 1e-10, "Hess_S w");
            }
        }
    }

    @Test
    void tangentHessianIsTheRiemannianHessianInAnOrthonormalTangentBasis() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(16, 3, 2)) {
            double[] w = glass.randomPoint(9);
            double[][] full = glass.riemannianHessian(w).dense().toArray();
            double[][] t = glass.riemannianHessian(w).tangent().toArray();
            Householder q = new Householder(w);
            for (int k = 0; k < 5; k++) {
                double[] a = q.toTangent(tangentVector(w, k)), b = q.toTangent(tangentVector(w, 50 + k));
                double[] fa = q.fromTangent(a), fb = q.fromTangent(b);
                assertEquals(0, Sphere.dot(fa, w), 1e-12, "basis vectors are tangent");
                assertEquals(quadratic(full, fa, fb), quadratic(t, a, b), 1e-11, "same bilinear form");
            }
            // eigenvalues: the tangent ones, sum = trace of the full matrix (whose extra eigenvalue, on w, is 0)
            double[] ev = glass.hessianEigenvalues(w);
            assertEquals(15, ev.length);
            double trace = 0, sum = 0;
            for (int i = 0; i < 16; i++) {
                trace += full[i][i];
            }
            for (double e : ev) {
                sum += e;
            }
            assertEquals(trace, sum, 1e-10);
            for (int i = 1; i < ev.length; i++) {
                assertTrue(ev[i - 1] <= ev[i], "ascending");
            }
        }
    }

    @Test
    void hessianSpectrumAtARandomPointIsTheShiftedSemicircleTheComplexityFormulasAssume() {
        // Tangent part of the Euclidean Hessian = GOE with semicircle radius 2 sqrt(H(H-1)) = 4.899 for H = 3;
        // Hess_S adds -(w.grad/Lambda) I = -H u I. Lambda = 150: edges within 0.4 of +-4.899 (finite-size
        // fluctuations ~0.1), second moment H(H-1) = 6 within 10%.
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(150, 3, 4)) {
            double[] w = glass.randomPoint(1);
            double shift = Sphere.dot(w, glass.gradient(w)) / 150;
            double[] ev = glass.hessianEigenvalues(w);
            double m2 = 0;
            for (int i = 0; i < ev.length; i++) {
                ev[i] += shift;
                m2 += ev[i] * ev[i] / ev.length;
            }
            double radius = 2 * Math.sqrt(6);
            assertEquals(-radius, ev[0], 0.4, "lowest eigenvalue");
            assertEquals(radius, ev[ev.length - 1], 0.4, "highest eigenvalue");
            assertEquals(6, m2, 0.6, "mean squared eigenvalue");
        }
    }

    @Test
    void energyHasTheSymmetriesOfAHomogeneousPolynomial() {
        for (int h : new int[]{2, 3, 4}) {
            try (SphericalSpinGlass glass = SphericalSpinGlass.of(h == 4 ? 8 : 20, h, 31)) {
                double[] w = glass.randomPoint(3);
                double e = glass.energy(w);
                double[] minus = scaled(w, -1), twice = scaled(w, 2);
                assertEquals(Math.pow(-1, h) * e, glass.energy(minus), 1e-12 * Math.abs(e) + 1e-13, "L(-w) = (-1)^H L(w)");
                assertEquals(Math.pow(2, h) * e, glass.energy(twice), 1e-11 * Math.abs(e) + 1e-12, "L(2w) = 2^H L(w)");
                assertEquals(h * e, Sphere.dot(w, glass.gradient(w)), 1e-11 * Math.abs(e) + 1e-12, "Euler: w.grad = H L");
                assertEquals(e, directEnergy(glass, w), 1e-11 * Math.sqrt(w.length), "against the direct sum");
            }
        }
    }

    @Test
    void energyAtAFixedPointHasVarianceLambdaAcrossGlasses() {
        // E[L(w)^2] = Lambda^(-(H-1)) sum_t w^(2t) = Lambda^(-(H-1)) |w|^(2H) = Lambda on the sphere.
        int lambda = 6, glasses = 2000;
        double[] w = null;
        double sum2 = 0;
        for (int s = 0; s < glasses; s++) {
            try (SphericalSpinGlass glass = SphericalSpinGlass.of(lambda, 3, 1000 + s)) {
                if (w == null) {
                    w = glass.randomPoint(77);
                }
                double e = glass.energy(w);
                sum2 += e * e;
            }
        }
        // standard error of the variance estimate: Lambda sqrt(2/n) = 0.19; allow 4 of them
        assertEquals(lambda, sum2 / glasses, 0.76);
    }

    @Test
    @org.junit.jupiter.api.Tag("reliability")
    void aGlassTooBigForTheFreeMemoryIsRefusedBeforeAllocatingWithTheSizeAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SphericalSpinGlass.of(2000, 1));
        String m = e.getMessage();
        assertTrue(m.contains("lambda = 2000"), m);
        assertTrue(m.contains("32,016 MB"), m); // 2000 * 2001 / 2 rows x 2000 columns x 8 bytes
        assertTrue(m.contains("use a smaller lambda") && m.contains("maxbytes"), m);
        assertEquals(2001000L * 2000 * 8, SphericalSpinGlass.couplingBytes(2000, 3));
        assertEquals(500L * 501 / 2 * 500 * 8, SphericalSpinGlass.couplingBytes(500, 3), "Lambda = 500: 501 MB");
    }

    @Test
    void badArgumentsGetMessagesThatNameTheParameterAndTheFix() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SphericalSpinGlass.of(10, 1, 0))
                .getMessage().startsWith("order must be >= 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SphericalSpinGlass.of(1, 0))
                .getMessage().startsWith("lambda must be >= 2"));
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(10, 0)) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> glass.energy(new double[9]))
                    .getMessage().contains("w has 9 coordinates but the glass has lambda = 10"));
            double[] off = scaled(glass.randomPoint(1), 1.1);
            String m = assertThrows(IllegalArgumentException.class, () -> glass.riemannianGradient(off)).getMessage();
            assertTrue(m.contains("must lie on the sphere") && m.contains("glass.onSphere(w)"), m);
            double[] nan = glass.randomPoint(1);
            nan[4] = Double.NaN;
            assertTrue(assertThrows(IllegalArgumentException.class, () -> glass.energy(nan)).getMessage()
                    .contains("w[4] is NaN"));
            glass.close();
            assertTrue(assertThrows(IllegalStateException.class, () -> glass.energy(glass.randomPoint(1)))
                    .getMessage().contains("SphericalSpinGlass.of(10, 3, 0)"));
        }
    }

    @Test
    void summaryStatesTheSizeOfTheCouplings() {
        try (SphericalSpinGlass glass = SphericalSpinGlass.of(40, 7)) {
            assertEquals("spherical 3-spin glass, lambda = 40, seed 7: couplings 820 x 40 doubles = 0.3 MB off-heap",
                    glass.summary());
            assertEquals(2.0 * 820 * 40, glass.flopsPerGradient());
        }
    }

    static double quadratic(double[][] m, double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * Sphere.dot(m[i], b);
        }
        return s;
    }

    static double[] combine(double[] a, double[] b, double sign) {
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a[i] + sign * b[i];
        }
        return c;
    }

    static double[] scaled(double[] a, double f) {
        double[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] *= f;
        }
        return c;
    }

    @Test
    void memoryVerdictSaysWhetherAGlassFitsWithoutAllocatingIt() {
        assertTrue(SphericalSpinGlass.memoryVerdict(20, 3).startsWith("fits: a 3-spin glass with lambda = 20 takes 0.0"),
                SphericalSpinGlass.memoryVerdict(20, 3));
        String m = SphericalSpinGlass.memoryVerdict(100_000, 3);
        assertTrue(m.contains("needs") && m.contains("use a smaller lambda"), m);
    }

    @Test
    void criticalPointsByIndexAndTheirDistanceToTheTheory() {
        CriticalPoints cp = new CriticalPoints(11, 3, 5, 0, 0, new double[]{-17.6, -15.4, -16.5, -11}, new int[]{0, 1, 0, 2},
                new double[4], new double[4][11]);
        tech.tablesaw.api.Table t = cp.byIndex();
        assertEquals(3, t.rowCount());
        assertEquals(2, t.intColumn("points found").get(0));
        assertEquals(-1.6, t.doubleColumn("lowest E/lambda").get(0), 1e-12);
        assertEquals(0, cp.lowest());
        double[] d = new double[4];
        double[] e = cp.energiesPerSite();
        int[] k = cp.indices();
        for (int i = 0; i < 4; i++) {
            d[i] = Math.abs(k[i] - cp.typicalIndex(e[i]));
        }
        java.util.Arrays.sort(d);
        assertEquals((d[1] + d[2]) / 2, cp.medianDeviationFromTheory(), 1e-12);
        assertEquals(org.landscape.stats.Stats.spearman(e, new double[]{0, 1, 0, 2}), cp.rankCorrelation(), 1e-15);
    }

    @Test
    void theFittedThresholdRecoversTheEOfIndicesOnTheTypicalCurve() {
        // indices exactly on (lambda - 1) F(u / E) for E = 1.5 (rounded to integers): the fit finds E to ~1%
        int lambda = 60;
        double[] e = new double[80];
        int[] k = new int[80];
        for (int i = 0; i < 80; i++) {
            double u = -1.6 + 1.8 * i / 79.0;
            e[i] = u * lambda;
            k[i] = (int) Math.round((lambda - 1) * Complexity.semicircleBelow(u / 1.5));
        }
        CriticalPoints cp = new CriticalPoints(lambda, 3, 80, 0, 0, e, k, new double[80], new double[80][lambda]);
        assertEquals(1.5, cp.fittedThreshold(), 0.015);
    }
}
