package org.landscape.spinglass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComplexityTest {

    @Test
    void thresholdIsTwoSqrtOfTwoThirdsForH3() {
        assertEquals(2 * Math.sqrt(2.0 / 3.0), Complexity.eInfinity(3), 1e-15);
        assertEquals(1.632993161855452, Complexity.eInfinity(3), 1e-14);
        assertEquals(2 * Math.sqrt(3.0 / 4.0), Complexity.eInfinity(4), 1e-15);
    }

    @Test
    void groundStateOfThe3SpinGlassIs1657() {
        // The value ABC (and the physics literature: Crisanti-Sommers) give: E_0(3) = 1.65700...
        double e0 = Complexity.groundState(3);
        assertEquals(1.65700, e0, 5e-6);
        assertEquals(0, Complexity.theta(0, 3, -e0), 1e-13, "Theta_0 vanishes at -E_0");
        assertTrue(Complexity.theta(0, 3, -e0 - 1e-6) < 0 && Complexity.theta(0, 3, -e0 + 1e-6) > 0, "sign change");
    }

    @Test
    void layeredThresholdsDecreaseFromTheGroundStateTowardsEInf() {
        double previous = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= 20; k++) {
            double ek = Complexity.threshold(k, 3);
            assertTrue(ek < previous && ek > Complexity.eInfinity(3), "E_" + k + " = " + ek);
            previous = ek;
        }
        // E_k -> E_inf as k grows
        assertEquals(Complexity.eInfinity(3), Complexity.threshold(10_000, 3), 1e-3);
    }

    @Test
    void aboveTheThresholdTheIndexKComplexityIsTheFlatPlateau() {
        double plateau = 0.5 * Math.log(2) - 1.0 / 3.0; // 1/2 ln(H-1) - (H-2)/H for H = 3
        double eInf = Complexity.eInfinity(3);
        for (int k : new int[]{0, 1, 2, 7}) {
            for (double u = -eInf; u <= 1.0; u += 0.05) {
                assertEquals(plateau, Complexity.theta(k, 3, u), 1e-15, "Theta_" + k + "(" + u + ")");
            }
        }
    }

    @Test
    void theCurvesAreContinuousAtMinusEInfAndAtZero() {
        double eInf = Complexity.eInfinity(3);
        double d = 1e-10;
        for (int k : new int[]{0, 1, 5}) {
            assertEquals(Complexity.theta(k, 3, -eInf + d), Complexity.theta(k, 3, -eInf - d), 1e-4,
                    "Theta_k jumps at -E_inf (I_1 grows like (distance)^(3/2))");
        }
        assertEquals(Complexity.thetaTotal(3, -eInf + d), Complexity.thetaTotal(3, -eInf - d), 1e-4);
        assertEquals(Complexity.thetaTotal(3, -1e-12), Complexity.thetaTotal(3, 1e-12), 1e-12);
        assertEquals(0.5 * Math.log(2), Complexity.thetaTotal(3, 0.3), 1e-15, "all critical points: 1/2 ln(H-1)");
        // the total continues the plateau's value at -E_inf: both are 1/2 ln(H-1) - (H-2)/H there
        assertEquals(Complexity.theta(0, 3, -eInf), Complexity.thetaTotal(3, -eInf), 1e-15);
    }

    @Test
    void belowTheThresholdAlmostAllCriticalPointsAreMinimaAndHigherIndicesAreRarer() {
        // From the formulas: Theta_k = Theta_H - k I_1 below -E_inf, with I_1 > 0 there. So Theta_0 equals the
        // total (minima dominate the count) and Theta_{k+1} < Theta_k (the layers: E_0 > E_1 > ... > E_inf).
        // (Not Theta_0 <= Theta_1 <= total, as the text had it: that would contradict E_0 = 1.657.)
        double eInf = Complexity.eInfinity(3);
        for (double u = -2.0; u < -eInf; u += 0.001) {
            double t0 = Complexity.theta(0, 3, u), t1 = Complexity.theta(1, 3, u), t2 = Complexity.theta(2, 3, u);
            double total = Complexity.thetaTotal(3, u);
            assertEquals(total, t0, 1e-15, "u = " + u + ": minima are (almost) all the critical points");
            assertTrue(t2 < t1 && t1 < t0, "u = " + u + ": " + t2 + " < " + t1 + " < " + t0);
        }
        // every index-k curve lies on or below the total everywhere, and above the threshold, where the total
        // keeps growing, minima stop appearing
        for (double u = -2.0; u <= 0.5; u += 0.01) {
            for (int k = 0; k < 4; k++) {
                assertTrue(Complexity.theta(k, 3, u) <= Complexity.thetaTotal(3, u) + 1e-15, "k = " + k + ", u = " + u);
            }
        }
        assertTrue(Complexity.thetaTotal(3, -1.0) > Complexity.theta(0, 3, -1.0) + 0.1);
    }

    @Test
    void closedFormI1IsTheIntegralOfTheSemicircleExcess() {
        // I_1(u) = (2 / E^2) * int_u^{-E} sqrt(z^2 - E^2) dz, integrated here with Simpson's rule
        for (int h : new int[]{3, 4, 6}) {
            double e = Complexity.eInfinity(h);
            for (double u : new double[]{-e - 0.01, -e - 0.3, -2.5, -4}) {
                int n = 200_000;
                double a = u, b = -e, step = (b - a) / n, sum = 0;
                for (int i = 0; i <= n; i++) {
                    double z = a + i * step;
                    double f = Math.sqrt(Math.max(0, z * z - e * e));
                    sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
                }
                double integral = 2 / (e * e) * sum * step / 3;
                assertEquals(integral, Complexity.i1(h, u), 1e-8, "H = " + h + ", u = " + u);
            }
        }
    }

    @Test
    void meanCountsAndTypicalIndex() {
        assertEquals(Math.exp(1000 * 0.01), Complexity.meanCount(1000, 0.01), 1e-9);
        assertEquals(1000 * 0.01 / Math.log(10), Complexity.log10MeanCount(1000, 0.01), 1e-12);
        double eInf = Complexity.eInfinity(3);
        assertEquals(0, Complexity.typicalIndexFraction(3, -eInf - 0.1), 0);
        assertEquals(0.5, Complexity.typicalIndexFraction(3, 0), 1e-15);
        assertEquals(1, Complexity.typicalIndexFraction(3, eInf), 0);
        assertEquals(0.25, Complexity.typicalIndexFraction(3, -0.40397 * eInf), 1e-4); // semicircle quartile
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Complexity.eInfinity(2)).getMessage()
                .startsWith("h must be >= 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Complexity.theta(-1, 3, -1.7)).getMessage()
                .startsWith("k is an index"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Complexity.theta(0, 3, Double.NaN)).getMessage()
                .startsWith("u must be a number"));
    }

    /** Formerly the third P2 check of notebook 08, an identity of the formulas (issue 17 item 7), kept here. */
    @Test
    void atLambda1000MinimaStopGrowingAboveMinusEInfWhileAllCriticalPointsGrowBy145Decades() {
        int lambda = 1000;
        double eInf = Complexity.eInfinity(3);
        double atThreshold = Complexity.log10MeanCount(lambda, Complexity.theta(0, 3, -eInf));
        for (int i = 0; i <= 2000; i++) {
            double u = -eInf + eInf * i / 2000.0;
            assertEquals(atThreshold, Complexity.log10MeanCount(lambda, Complexity.theta(0, 3, u)), 1e-9);
        }
        double growthAll = Complexity.log10MeanCount(lambda, Complexity.thetaTotal(3, 0))
                - Complexity.log10MeanCount(lambda, Complexity.thetaTotal(3, -eInf));
        assertEquals(1000 * (1.0 / 8) * eInf * eInf / Math.log(10), growthAll, 1e-9, "(H-2)/(4(H-1)) E_inf^2 lambda / ln 10");
        assertTrue(growthAll > 100, "all critical points: " + growthAll + " decades");
        for (int i = 1; i <= 2000; i++) {
            double u = -eInf - 0.2 * i / 2000.0;
            double t0 = Complexity.theta(0, 3, u), t1 = Complexity.theta(1, 3, u), t2 = Complexity.theta(2, 3, u),
                    t5 = Complexity.theta(5, 3, u);
            assertTrue(t5 < t2 && t2 < t1 && t1 < t0, "layered at u = " + u);
            assertEquals(Complexity.thetaTotal(3, u), t0, 1e-12, "below -E_inf almost all critical points are minima");
        }
    }

    @Test
    void theLayersTableListsEkAndTheEnergiesAtLambda() {
        tech.tablesaw.api.Table t = Complexity.layers(3, 1000, 5);
        assertEquals(6, t.rowCount());
        assertEquals(1.657, t.doubleColumn(1).get(0), 5e-4);
        assertEquals(Math.round(-1000 * Complexity.threshold(2, 3) * 100) / 100.0, t.doubleColumn(2).get(2), 0.0);
        assertTrue(t.name().contains("E_inf = 1.632993"), t.name());
    }
}
